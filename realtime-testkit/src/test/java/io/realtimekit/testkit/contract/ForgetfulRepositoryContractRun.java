package io.realtimekit.testkit.contract;

import io.realtimekit.domain.ConnectionRepository;
import io.realtimekit.domain.ConnectionUser;
import io.realtimekit.domain.Criteria;
import io.realtimekit.domain.UserId;
import io.realtimekit.infrastructure.memory.InMemoryConnectionRepository;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A planted failure: the connection contract against a repository whose {@code remove} does
 * nothing. {@link JUnitVersionsCompatibilityTest} runs it to show that failures of the suite are
 * reported under each JUnit version. Disabled unless the launcher is given {@value #SWITCH} =
 * {@code true}, so an IDE or build that finds it skips it (its name matches no Surefire pattern
 * either).
 */
@ExtendWith(ForgetfulRepositoryContractRun.OnlyWhenPlanted.class)
class ForgetfulRepositoryContractRun extends ConnectionRepositoryContract {
  static final String SWITCH = "realtimekit.plantedFailure";

  @Override
  protected ConnectionRepository newRepository() {
    InMemoryConnectionRepository store = new InMemoryConnectionRepository();
    return new ConnectionRepository() {
      @Override
      public void save(ConnectionUser user) {
        store.save(user);
      }

      @Override
      public void remove(UserId userId) {
        // the planted bug: nothing is removed
      }

      @Override
      public Optional<ConnectionUser> findOne(Criteria criteria) {
        return store.findOne(criteria);
      }

      @Override
      public List<ConnectionUser> find(Criteria criteria) {
        return store.find(criteria);
      }
    };
  }

  /** Enables the class only when the launcher carries the switch. */
  static final class OnlyWhenPlanted implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(SWITCH).map(Boolean::parseBoolean).orElse(false)
          ? ConditionEvaluationResult.enabled("planted failure requested")
          : ConditionEvaluationResult.disabled(
              "a planted failure, run only by JUnitVersionsCompatibilityTest");
    }
  }
}
