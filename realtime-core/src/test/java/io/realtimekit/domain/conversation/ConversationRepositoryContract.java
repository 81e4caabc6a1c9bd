package io.realtimekit.domain.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.realtimekit.domain.CompanyId;
import io.realtimekit.domain.ErrorCode;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link ConversationRepository} must pass: the in-memory one and the Redis one.
 * Extend it and return a repository from {@link #newRepository()}; companies are random per test,
 * so one store may serve every test. {@link #newSecondView} returns another handle on the same
 * store (a second node); the default returns the same instance.
 */
public abstract class ConversationRepositoryContract {
  private static final Instant T = Instant.parse("2030-01-01T00:00:00Z");

  /** A repository; called before each test. */
  protected abstract ConversationRepository newRepository();

  /** Another handle on the store of {@code first}, as a second node would hold. */
  protected ConversationRepository newSecondView(ConversationRepository first) {
    return first;
  }

  private ConversationRepository repo;
  private CompanyId company;
  private final UserId visitor = UserId.of("visitor-1");
  private final UserId agent = UserId.of("agent-1");

  @BeforeEach
  void setUpRepository() {
    repo = newRepository();
    company = CompanyId.of(UUID.randomUUID());
  }

  private Conversation opened(UserId... agents) {
    List<Participant> ps = new ArrayList<>();
    ps.add(new Participant(visitor, ParticipantRole.VISITOR));
    for (UserId a : agents) {
      ps.add(new Participant(a, ParticipantRole.AGENT));
    }
    return Conversation.open(ConversationId.random(), company, ps, T).conversation();
  }

  @Test
  void aSavedConversationIsFoundAtVersionOneWithEverything() {
    Conversation c = opened(agent);
    Result<Conversation> saved = repo.save(c);
    assertThat(saved.isOk()).isTrue();
    assertThat(saved.value().version()).isEqualTo(1);
    Conversation found = repo.find(company, c.id()).orElseThrow();
    assertThat(found).isEqualTo(saved.value());
    assertThat(found.participants())
        .containsExactly(
            new Participant(visitor, ParticipantRole.VISITOR),
            new Participant(agent, ParticipantRole.AGENT));
    assertThat(found.isOpen()).isTrue();
  }

  @Test
  void readStateSurvivesTheStore() {
    Conversation c = repo.save(opened(agent)).value();
    Conversation read = c.markRead(visitor, "m-42", T).value().conversation();
    Conversation stored = repo.save(read).value();
    assertThat(newSecondView(repo).find(company, c.id()).orElseThrow().readState())
        .containsEntry(visitor, "m-42")
        .hasSize(1);
    assertThat(stored.version()).isEqualTo(2);
  }

  @Test
  void anUnknownIdIsNotFound() {
    assertThat(repo.find(company, ConversationId.random())).isEmpty();
  }

  @Test
  void anotherCompanyNeverFindsIt() {
    Conversation c = repo.save(opened(agent)).value();
    CompanyId other = CompanyId.of(UUID.randomUUID());
    assertThat(repo.find(other, c.id())).isEmpty();
    assertThat(repo.openOf(other, visitor)).isEmpty();
    assertThat(repo.openOf(other, agent)).isEmpty();
  }

  @Test
  void aStaleVersionIsAConflictAndStoresNothing() {
    Conversation v1 = repo.save(opened(agent)).value();
    Conversation a =
        v1.addParticipant(UserId.of("agent-2"), ParticipantRole.AGENT, T).value().conversation();
    Conversation b =
        v1.addParticipant(UserId.of("agent-3"), ParticipantRole.OBSERVER, T).value().conversation();
    assertThat(repo.save(a).isOk()).isTrue();
    Result<Conversation> second = newSecondView(repo).save(b);
    assertThat(second.isOk()).isFalse();
    assertThat(second.failure().code()).isEqualTo(ErrorCode.CONFLICT);
    Conversation now = repo.find(company, v1.id()).orElseThrow();
    assertThat(now.isParticipant(UserId.of("agent-2"))).isTrue();
    assertThat(now.isParticipant(UserId.of("agent-3"))).isFalse();
    assertThat(now.version()).isEqualTo(2);
  }

  @Test
  void savingANewConversationTwiceIsAConflict() {
    Conversation c = opened(agent);
    assertThat(repo.save(c).isOk()).isTrue();
    assertThat(repo.save(c).failure().code()).isEqualTo(ErrorCode.CONFLICT);
  }

  @Test
  void openOfFollowsMembershipAndClosing() {
    Conversation one = repo.save(opened(agent)).value();
    Conversation two = repo.save(opened()).value();
    assertThat(ids(repo.openOf(company, visitor))).containsExactlyInAnyOrder(one.id(), two.id());
    assertThat(ids(repo.openOf(company, agent))).containsExactly(one.id());

    Conversation removed =
        repo.save(one.removeParticipant(agent, T).value().conversation()).value();
    assertThat(repo.openOf(company, agent)).isEmpty();
    repo.save(two.addParticipant(agent, ParticipantRole.OBSERVER, T).value().conversation());
    assertThat(ids(newSecondView(repo).openOf(company, agent))).containsExactly(two.id());

    repo.save(removed.close(T).conversation());
    assertThat(ids(repo.openOf(company, visitor))).containsExactly(two.id());
    assertThat(repo.find(company, one.id()).orElseThrow().isOpen()).isFalse();
  }

  @Test
  void aUserInNoConversationHasNone() {
    assertThat(repo.openOf(company, UserId.of("nobody"))).isEmpty();
  }

  @Test
  @Timeout(60)
  void concurrentWritersNeverLoseAParticipant() throws Exception {
    Conversation c = repo.save(opened()).value();
    ConversationRepository second = newSecondView(repo);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        UserId u = UserId.of("agent-" + i);
        ConversationRepository r = i % 2 == 0 ? repo : second;
        futures.add(
            pool.submit(
                () -> {
                  while (true) {
                    Conversation now = r.find(company, c.id()).orElseThrow();
                    Conversation next =
                        now.addParticipant(u, ParticipantRole.AGENT, T).value().conversation();
                    if (r.save(next).isOk()) {
                      return;
                    }
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    Conversation end = repo.find(company, c.id()).orElseThrow();
    assertThat(end.participants()).hasSize(21);
    assertThat(end.version()).isEqualTo(21);
    for (int i = 0; i < 20; i++) {
      assertThat(ids(repo.openOf(company, UserId.of("agent-" + i)))).containsExactly(c.id());
    }
  }

  private static List<ConversationId> ids(List<Conversation> cs) {
    return cs.stream().map(Conversation::id).toList();
  }
}
