package io.hostbridge.api.annotation;

import io.hostbridge.api.AccessLevel;
import io.hostbridge.api.ErrorCode;
import io.hostbridge.api.stream.StreamMode;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares one verb: the single description from which every binding dispatches and the schema is made.
 * The method name is the verb name inside its namespace; the parameters must be annotated with
 * {@link ApiParam}; the return type is the result ({@code void} for none).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ApiVerb {
    /** What the verb does, for the schema and the docs. */
    String description();

    /** Least access level a caller needs. */
    AccessLevel access();

    /** API version that added the verb, e.g. {@code 0.1}. */
    String since();

    /** Errors the verb itself may raise (validation and general errors are implied for every verb). */
    ErrorCode[] errors() default {};

    /** True for a verb kept for compatibility that new callers should not use. */
    boolean deprecated() default false;

    /**
     * True for a verb served while the agent recovers after a start (liveness, health, host facts, event polling:
     * it touches no VM); every other verb is refused then with code 99, as VDSM does.
     */
    boolean servedDuringRecovery() default false;

    /**
     * Whether the verb opens a data stream ({@link StreamMode}). A stream verb's method returns a
     * {@link io.hostbridge.api.stream.StreamHandler}; callers get a {@link io.hostbridge.api.stream.StreamRef}.
     */
    StreamMode stream() default StreamMode.NONE;
}
