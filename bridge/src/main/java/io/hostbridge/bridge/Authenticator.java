package io.hostbridge.bridge;

/**
 * Decides who a caller is from what the transport knows of it: the call pipeline's identity stage asks it for
 * every call. The one place authentication plugs in: bind another implementation in place of the default,
 * which trusts every caller as an admin (as the agent did before transports could prove identities).
 */
public interface Authenticator {

    /** The caller behind {@code transport}; never throws (an unknown caller gets a caller that may do nothing). */
    Caller authenticate(Transport transport);

    /** Every caller is {@code anonymous} with admin access: the default until transports prove identities. */
    static Authenticator everyoneIsAdmin() {
        Caller anonymous = new Caller("anonymous", io.hostbridge.api.AccessLevel.ADMIN);
        return transport -> anonymous;
    }
}
