package io.hostbridge.agent;

import io.hostbridge.trust.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code hostbridge password-hash}: reads a password (from the terminal without echo, else the first line of
 * standard input; never from the command line, where {@code ps} would show it) and prints its hash for
 * {@code broker.users}.
 */
final class PasswordCommand {
    private PasswordCommand() {
    }

    static int run(Console console, InputStream in, PrintStream out, PrintStream err) {
        char[] password;
        try {
            password = console != null ? console.readPassword("password: ") : firstLine(in);
        } catch (IOException e) {
            err.println("hostbridge password-hash: cannot read the password: " + e.getMessage());
            return 1;
        }
        if (password == null || password.length == 0) {
            err.println("hostbridge password-hash: no password given (type it, or pipe it in on one line)");
            return 2;
        }
        try {
            out.println(PasswordHash.of(password));
            return 0;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static char[] firstLine(InputStream in) throws IOException {
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        return line == null ? null : line.toCharArray();
    }
}
