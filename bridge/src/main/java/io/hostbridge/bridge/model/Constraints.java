package io.hostbridge.bridge.model;

/**
 * Input limits of a parameter or field, as declared.
 *
 * @param maxLength    longest string; for a list or map of strings, of each item or value
 * @param maxItems     most items of a list or entries of a map
 * @param maxKeyLength longest key of a map
 */
public record Constraints(long min, long max, int maxLength, int maxItems, int maxKeyLength) {
    public static final Constraints NONE = new Constraints(Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE,
            Integer.MAX_VALUE, Integer.MAX_VALUE);

    public boolean hasMin() {
        return min != Long.MIN_VALUE;
    }

    public boolean hasMax() {
        return max != Long.MAX_VALUE;
    }

    public boolean hasMaxLength() {
        return maxLength != Integer.MAX_VALUE;
    }

    public boolean hasMaxItems() {
        return maxItems != Integer.MAX_VALUE;
    }

    public boolean hasMaxKeyLength() {
        return maxKeyLength != Integer.MAX_VALUE;
    }

    /** What applies to each item of a list or value of a map: the string limit. */
    public Constraints ofItems() {
        return hasMaxLength() ? new Constraints(Long.MIN_VALUE, Long.MAX_VALUE, maxLength, Integer.MAX_VALUE,
                Integer.MAX_VALUE) : NONE;
    }
}
