package io.hostbridge.binding.imageio;

import io.netty.handler.codec.http.HttpMethod;

/** Which operation serves a request: by route and method (the decoder has checked that the method is allowed). */
final class Operations {
    private Operations() {
    }

    static DataOperation of(Route route, HttpMethod method) {
        switch (route.kind()) {
            case INFO:
                return new InfoOperation(false);
            case ALGORITHMS:
                return new InfoOperation(true);
            case EXTENTS:
                return new ExtentsOperation(route.ticket());
            case CHECKSUM:
                return new ChecksumOperation(route.ticket());
            default:
                break;
        }
        if (method.equals(HttpMethod.OPTIONS)) {
            return new OptionsOperation(route.ticket());
        }
        if (method.equals(HttpMethod.GET)) {
            return new DownloadOperation(route.ticket());
        }
        return method.equals(HttpMethod.PUT) ? new UploadOperation(route.ticket()) : new PatchOperation(route.ticket());
    }

    /** The ticket of a route that needs one. */
    static String require(String ticket) {
        if (ticket.isEmpty()) {
            throw Exchange.invalid("Ticket id is required");
        }
        return ticket;
    }
}
