package org.modeconn.stack;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.List;

/**
 * JUnit 5 extension: {@code @ExtendWith(LocalStackExtension.class)} and a {@link LocalStack} or
 * {@link LocalStack.Endpoints} parameter give a test the shared broker and S3 server of its JVM.
 */
public class LocalStackExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalStack.class || type == LocalStack.Endpoints.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LocalStack stack = SharedLocalStack.get(List.of());
        return parameter.getParameter().getType() == LocalStack.class ? stack : stack.endpoints();
    }
}
