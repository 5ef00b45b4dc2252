package io.hostbridge.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Who the local users are, for the unix socket's peers: names from {@code /etc/passwd}, groups and their members
 * from {@code /etc/group} (read again when they change). Users from other name services (LDAP, systemd's dynamic
 * users) are not seen: give such callers a group listed in {@code /etc/group}, or use a certificate.
 */
final class LocalUsers {
    private final WatchedFile<Map<Integer, User>> passwd;
    private final WatchedFile<Map<String, Group>> groups;

    record User(String name, int gid) {
    }

    record Group(int gid, Set<String> members) {
    }

    LocalUsers(Path passwdFile, Path groupFile, LongSupplier clock) throws IOException {
        this.passwd = new WatchedFile<>(passwdFile, LocalUsers::parsePasswd, Map.of(), clock);
        this.groups = new WatchedFile<>(groupFile, LocalUsers::parseGroups, Map.of(), clock);
    }

    Optional<String> name(int uid) {
        return Optional.ofNullable(passwd.get().get(uid)).map(User::name);
    }

    /** Whether the user is in {@code group}: as its primary group, the group the socket gave, or a listed member. */
    boolean inGroup(int uid, int peerGid, String group) {
        Group g = groups.get().get(group);
        if (g == null) {
            return false;
        }
        User user = passwd.get().get(uid);
        return peerGid == g.gid() || user != null && (user.gid() == g.gid() || g.members().contains(user.name()));
    }

    private static Map<Integer, User> parsePasswd(byte[] bytes) {
        Map<Integer, User> users = new HashMap<>();
        for (String[] f : lines(bytes)) {
            if (f.length >= 4) {
                try {
                    users.putIfAbsent(Integer.parseInt(f[2]), new User(f[0], Integer.parseInt(f[3])));
                } catch (NumberFormatException e) {
                    // a malformed line names nobody
                }
            }
        }
        return Map.copyOf(users);
    }

    private static Map<String, Group> parseGroups(byte[] bytes) {
        Map<String, Group> out = new HashMap<>();
        for (String[] f : lines(bytes)) {
            if (f.length >= 3) {
                try {
                    Set<String> members = new HashSet<>();
                    if (f.length >= 4) {
                        for (String m : f[3].split(",")) {
                            if (!m.isBlank()) {
                                members.add(m.strip());
                            }
                        }
                    }
                    out.putIfAbsent(f[0], new Group(Integer.parseInt(f[2]), Set.copyOf(members)));
                } catch (NumberFormatException e) {
                    // a malformed line names no group
                }
            }
        }
        return Map.copyOf(out);
    }

    private static Iterable<String[]> lines(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#"))
                .map(l -> l.split(":", -1))::iterator;
    }
}
