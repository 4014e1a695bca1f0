package io.cpesentinel.deploy.testing;

import io.cpesentinel.deploy.local.LocalStack;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives an {@code *ITCase} a real Kafka broker and Elasticsearch node: started once per test JVM
 * (the first test that asks), on free loopback ports, stopped and removed when the JVM's tests end.
 * Each test method gets its own {@link StackResources}, whose topics and indices carry the test's
 * name and are deleted after it, so tests never see each other's records.
 *
 * <pre>{@code
 * @ExtendWith(LocalStackExtension.class)
 * class SomethingITCase {
 *   @Test void works(StackResources stack) { String topic = stack.topic(Topic.CPE_INFORM); ... }
 * }
 * }</pre>
 */
public final class LocalStackExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalStackExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == StackResources.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    // Method-level store: closed (topics and indices deleted) when the test method ends.
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            StackResources.class,
            key -> new StackResources(sharedStack(context), testName(context)),
            StackResources.class);
  }

  private static LocalStack sharedStack(ExtensionContext context) {
    // Root store: one stack per test JVM; JUnit closes it (AutoCloseable) after the last test.
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            LocalStack.class, key -> LocalStack.startOnFreePorts("itcase"), LocalStack.class);
  }

  private static String testName(ExtensionContext context) {
    String method = context.getTestMethod().map(m -> m.getName()).orElse("all");
    return context.getRequiredTestClass().getSimpleName() + "." + method;
  }
}
