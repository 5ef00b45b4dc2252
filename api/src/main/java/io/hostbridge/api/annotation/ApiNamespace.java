package io.hostbridge.api.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface whose {@link ApiVerb} methods form one namespace of the bridge, e.g. {@code Host}.
 * Verb names are {@code <namespace>.<method name>}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ApiNamespace {
    /** Namespace name, e.g. {@code Host}, {@code VM}, {@code StorageDomain}. */
    String value();

    /** What the namespace is about. */
    String description();
}
