package io.hostbridge.agent;

import com.google.inject.Binding;
import com.google.inject.Key;
import com.google.inject.spi.ProvisionListener;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Where the start's object graph went: the time each binding took to provision, less the time of the bindings it
 * needed (they count for themselves), while the agent starts. Off afterwards: a provision then only passes through.
 */
final class ProvisionTimes implements ProvisionListener {
    /** Per thread: the provisions under way, each its start and the time its dependencies took. */
    private final ThreadLocal<Deque<long[]>> underWay = ThreadLocal.withInitial(ArrayDeque::new);
    private final Map<String, Long> ownNanos = new ConcurrentHashMap<>();
    private volatile boolean on = true;

    @Override
    public <T> void onProvision(ProvisionInvocation<T> provision) {
        if (!on) {
            return;
        }
        Deque<long[]> stack = underWay.get();
        long[] frame = {System.nanoTime(), 0};
        stack.push(frame);
        try {
            provision.provision();
        } finally {
            stack.pop();
            long total = System.nanoTime() - frame[0];
            if (!stack.isEmpty()) {
                stack.peek()[1] += total;
            }
            ownNanos.merge(name(provision.getBinding()), total - frame[1], Long::sum);
        }
    }

    /** Stops measuring; the {@code count} slowest bindings, e.g. {@code "HostPki 310 ms, ApiModel 120 ms"}. */
    String stop(int count) {
        on = false;
        underWay.remove();
        return ownNanos.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(count).map(e -> e.getKey() + " " + e.getValue() / 1_000_000 + " ms")
                .collect(Collectors.joining(", "));
    }

    private static String name(Binding<?> binding) {
        Key<?> key = binding.getKey();
        String type = key.getTypeLiteral().getRawType().getSimpleName();
        return key.getAnnotationType() == null ? type : type + "@" + key.getAnnotationType().getSimpleName();
    }
}
