package io.hostbridge.broker;

import static org.apache.activemq.artemis.core.security.CheckType.BROWSE;
import static org.apache.activemq.artemis.core.security.CheckType.CONSUME;
import static org.apache.activemq.artemis.core.security.CheckType.CREATE_ADDRESS;
import static org.apache.activemq.artemis.core.security.CheckType.CREATE_DURABLE_QUEUE;
import static org.apache.activemq.artemis.core.security.CheckType.CREATE_NON_DURABLE_QUEUE;
import static org.apache.activemq.artemis.core.security.CheckType.DELETE_ADDRESS;
import static org.apache.activemq.artemis.core.security.CheckType.DELETE_DURABLE_QUEUE;
import static org.apache.activemq.artemis.core.security.CheckType.DELETE_NON_DURABLE_QUEUE;
import static org.apache.activemq.artemis.core.security.CheckType.EDIT;
import static org.apache.activemq.artemis.core.security.CheckType.MANAGE;
import static org.apache.activemq.artemis.core.security.CheckType.SEND;
import static org.apache.activemq.artemis.core.security.CheckType.VIEW;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;

/**
 * Who may do what with which address of the embedded broker (Artemis security settings; the most specific match
 * wins, whole). Roles: {@code agent} (the host certificate) and the access levels {@code read}, {@code write},
 * {@code admin}; a user whose level is {@code none} (revoked, say) matches no role and may do nothing.
 * <ul>
 *   <li>requests {@code hostbridge.host.#}: clients send (the bridge then checks each verb's level); only the agent
 *       creates its queue and consumes from it, so nobody else can take its requests or bind a queue of their own
 *       to the address and divert some;</li>
 *   <li>events {@code hostbridge.events.#} and {@code hostbridge.presence}: only the agent publishes; clients
 *       subscribe (non-durable subscriptions only: a durable one would keep events for an absent reader);</li>
 *   <li>everything else ({@code #}): clients' own addresses, such as temporary or named reply queues; the agent may
 *       only send there (a reply);</li>
 *   <li>nobody: the rest of {@code hostbridge.#}, Artemis' own {@code activemq.#} (management, notifications) and
 *       the dead-letter and expiry addresses (expired requests would land there).</li>
 * </ul>
 */
final class BrokerPermissions {
    static final String AGENT = "agent";
    private static final List<String> CLIENTS = List.of("read", "write", "admin");

    private BrokerPermissions() {
    }

    static Map<String, Set<Role>> all() {
        Map<String, Set<Role>> all = new LinkedHashMap<>();
        all.put("#", union(clients(SEND, CONSUME, CREATE_ADDRESS, CREATE_DURABLE_QUEUE, CREATE_NON_DURABLE_QUEUE,
                DELETE_NON_DURABLE_QUEUE), agent(SEND)));
        all.put("hostbridge.#", Set.of());
        all.put(BrokerConfiguration.REQUESTS, union(clients(SEND), agent(CONSUME, BROWSE, CREATE_ADDRESS,
                CREATE_DURABLE_QUEUE)));
        Set<Role> published = union(clients(CONSUME, CREATE_ADDRESS, CREATE_NON_DURABLE_QUEUE,
                DELETE_NON_DURABLE_QUEUE), agent(SEND, CREATE_ADDRESS));
        all.put(BrokerConfiguration.EVENTS, published);
        all.put(BrokerConfiguration.PRESENCE, published);
        all.put("activemq.#", Set.of());
        all.put(BrokerConfiguration.DEAD_LETTERS, Set.of());
        all.put(BrokerConfiguration.EXPIRED, Set.of());
        return all;
    }

    private static Set<Role> clients(CheckType... allowed) {
        Set<Role> roles = new HashSet<>();
        for (String level : CLIENTS) {
            roles.add(role(level, allowed));
        }
        return roles;
    }

    private static Set<Role> agent(CheckType... allowed) {
        return Set.of(role(AGENT, allowed));
    }

    private static Set<Role> union(Set<Role> a, Set<Role> b) {
        Set<Role> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** A role with the permissions named (Artemis' constructor takes twelve booleans in a row). */
    static Role role(String name, CheckType... allowed) {
        EnumSet<CheckType> p = EnumSet.noneOf(CheckType.class);
        p.addAll(List.of(allowed));
        return new Role(name, p.contains(SEND), p.contains(CONSUME), p.contains(CREATE_DURABLE_QUEUE),
                p.contains(DELETE_DURABLE_QUEUE), p.contains(CREATE_NON_DURABLE_QUEUE),
                p.contains(DELETE_NON_DURABLE_QUEUE), p.contains(MANAGE), p.contains(BROWSE),
                p.contains(CREATE_ADDRESS), p.contains(DELETE_ADDRESS), p.contains(VIEW), p.contains(EDIT));
    }
}
