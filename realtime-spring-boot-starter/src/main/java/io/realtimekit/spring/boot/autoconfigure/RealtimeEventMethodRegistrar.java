package io.realtimekit.spring.boot.autoconfigure;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimekit.Realtime;
import io.realtimekit.application.bus.Registration;
import io.realtimekit.application.clientevent.Caller;
import io.realtimekit.application.clientevent.ClientEventContext;
import io.realtimekit.application.clientevent.ClientEventHandler;
import io.realtimekit.application.clientevent.RoleGuard;
import io.realtimekit.domain.Result;
import io.realtimekit.domain.Role;
import io.realtimekit.spring.boot.RealtimeEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds the {@link RealtimeEvent} methods of every bean and registers each with {@code
 * realtime.on(name, guard, handler)} once every singleton exists (so a bean never forces the
 * Realtime into being early); a bean created later is registered at once. A name registered twice
 * (or one of the library's) fails the start-up with the core's error. Registrations are closed with
 * the context.
 */
public final class RealtimeEventMethodRegistrar
    implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware, DisposableBean {
  private final List<Found> pending = new ArrayList<>();
  private final List<Registration> registrations = new ArrayList<>();
  private BeanFactory beanFactory;
  private Realtime realtime;

  /** Creates the registrar; Spring calls it. */
  public RealtimeEventMethodRegistrar() {}

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
    Class<?> type = AopUtils.getTargetClass(bean);
    Map<Method, RealtimeEvent> methods =
        MethodIntrospector.selectMethods(
            type,
            (MethodIntrospector.MetadataLookup<RealtimeEvent>)
                m -> AnnotatedElementUtils.findMergedAnnotation(m, RealtimeEvent.class));
    synchronized (this) {
      methods.forEach(
          (method, annotation) -> {
            Found found =
                new Found(
                    bean,
                    beanName,
                    AopUtils.selectInvocableMethod(method, bean.getClass()),
                    annotation);
            if (realtime == null) {
              pending.add(found);
            } else {
              register(found);
            }
          });
    }
    return bean;
  }

  @Override
  public synchronized void afterSingletonsInstantiated() {
    realtime = beanFactory.getBean(Realtime.class);
    pending.forEach(this::register);
    pending.clear();
  }

  @Override
  public synchronized void destroy() {
    registrations.forEach(Registration::close);
    registrations.clear();
  }

  private void register(Found found) {
    String[] roles = found.annotation().roles();
    RoleGuard guard =
        roles.length == 0
            ? RoleGuard.anyone()
            : RoleGuard.anyOf(Arrays.stream(roles).map(Role::of).toArray(Role[]::new));
    registrations.add(realtime.on(found.annotation().value(), guard, handler(found)));
  }

  /** Adapts {@code found.method} to a {@link ClientEventHandler}; checks its parameters now. */
  static ClientEventHandler handler(Found found) {
    Method method = found.method();
    ReflectionUtils.makeAccessible(method);
    Parameter[] parameters = method.getParameters();
    List<Function<ClientEventContext, Object>> arguments = new ArrayList<>();
    boolean dataBound = false;
    for (Parameter p : parameters) {
      Class<?> type = p.getType();
      if (type == ClientEventContext.class) {
        arguments.add(ctx -> ctx);
      } else if (type == Caller.class) {
        arguments.add(ClientEventContext::caller);
      } else if (type == JsonNode.class) {
        arguments.add(ClientEventContext::data);
      } else if (!dataBound && !type.isPrimitive()) {
        dataBound = true;
        arguments.add(ctx -> ctx.dataAs(type));
      } else {
        throw new IllegalStateException(
            "@RealtimeEvent method "
                + method
                + " of bean '"
                + found.beanName()
                + "': parameters may be ClientEventContext, Caller, JsonNode and one type the data is read into");
      }
    }
    Object target = found.bean();
    return ctx -> {
      Object[] args = new Object[arguments.size()];
      for (int i = 0; i < args.length; i++) {
        args[i] = arguments.get(i).apply(ctx);
      }
      Object returned;
      try {
        returned = method.invoke(target, args);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Exception ex) {
          throw ex;
        }
        throw (Error) cause;
      }
      if (returned instanceof Result<?> result) {
        ctx.answer(result);
      } else if (returned != null) {
        ctx.reply(returned);
      }
    };
  }

  /** One annotated method of one bean. */
  record Found(Object bean, String beanName, Method method, RealtimeEvent annotation) {}
}
