package io.hostbridge.bridge;

/**
 * One decorator of the call pipeline, applied to every call of every binding: identity, flow id, access log,
 * metrics, error ids, access check (in that order; the bridge runtime owns the list). A stage runs
 * {@link #enter} on the way in, in order, and {@link #exit} on the way out, in reverse order, whether the call
 * succeeded or failed — also when a later stage refused it. Calls whose work spans several steps (an image data
 * request streaming its body) enter and exit the same way, only further apart in time.
 */
public interface CallStage {

    /** Before the work; throws to refuse the call (the stages after this one and the work do not run). */
    void enter(Call call);

    /**
     * After the work, or after a later stage refused the call.
     *
     * @param failure what failed the call, or null when it succeeded
     * @return the failure to pass outwards: {@code failure} itself, or one that stands for it; never throws
     */
    default Throwable exit(Call call, Throwable failure) {
        return failure;
    }
}
