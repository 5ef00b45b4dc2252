package io.hostbridge.api.annotation;

/** How enum constants of the contract are spelled on the wire, for the agent and its clients alike. */
public final class WireNames {
    private WireNames() {
    }

    /** The constant's {@link WireName}, or its Java name. */
    public static String of(Enum<?> constant) {
        try {
            WireName w = constant.getDeclaringClass().getField(constant.name()).getAnnotation(WireName.class);
            return w == null ? constant.name() : w.value();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }
}
