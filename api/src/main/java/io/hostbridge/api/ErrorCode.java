package io.hostbridge.api;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every error the bridge can return, with a stable numeric code.
 *
 * <p>Codes below 5000 are VDSM's numbers for the same case, so legacy callers keep working. Codes
 * 5000–5099 are hostbridge's own request errors, which VDSM had no number for; 5100–5199 are image transfer
 * errors. Codes never change
 * meaning once released; the schema lists them.
 */
public enum ErrorCode {
    NO_VM(1, "noVM", Kind.NOT_FOUND, "Virtual machine does not exist"),
    EXIST(4, "exist", Kind.CONFLICT, "Virtual machine already exists"),
    DOWN(6, "down", Kind.CONFLICT, "Virtual machine is down"),
    CREATE_ERR(9, "createErr", Kind.FAILED, "Error creating the requested virtual machine"),
    MISSING_PARAMETER(11, "MissParam", Kind.INVALID, "Missing required parameter"),
    MIGRATE_ERR(12, "migrateErr", Kind.FAILED, "Fatal error during migration"),
    UNEXPECTED(16, "unexpected", Kind.FAILED, "Unexpected exception"),
    UNAVAILABLE(40, "unavail", Kind.UNAVAILABLE, "Resource unavailable"),
    MIGRATION_IN_PROGRESS(51, "migInProgress", Kind.CONFLICT, "A migration of this VM is in progress"),
    UPDATE_VM_POLICY_FAILED(63, "updateVmPolicyErr", Kind.FAILED, "Failed to update the VM's SLA policy"),
    EXTERNAL_DATA_FAILED(89, "externalDataFailed", Kind.FAILED, "Failed to read the VM's external data"),
    RECOVERY(99, "recovery", Kind.UNAVAILABLE, "Recovering from crash or initializing"),
    GENERAL(100, "general", Kind.FAILED, "General exception"),
    VOLUME_DOES_NOT_EXIST(201, "VolumeDoesNotExist", Kind.NOT_FOUND, "Volume does not exist"),
    VOLUME_IS_BUSY(203, "VolumeIsBusy", Kind.CONFLICT, "Volume is in use"),
    VOLUME_HAS_CHILDREN(204, "VolumeImageHasChildren", Kind.CONFLICT, "Volume is the parent of another volume"),
    VOLUME_CREATION_ERROR(205, "VolumeCreationError", Kind.FAILED, "Error creating a new volume"),
    VOLUME_EXTENDING_ERROR(206, "VolumeExtendingError", Kind.FAILED, "Error extending volume"),
    VOLUME_ALREADY_EXISTS(212, "VolumeAlreadyExists", Kind.CONFLICT, "Volume already exists"),
    VOLUME_COPY_ERROR(225, "VolumeCopyError", Kind.FAILED, "Volume copy failed"),
    ILLEGAL_VOLUME(227, "prepareIllegalVolumeError", Kind.CONFLICT, "Volume is ILLEGAL and cannot be used"),
    VOLUME_RESIZE_VALUE_ERROR(232, "VolumeResizeValueError", Kind.INVALID, "Incorrect size value for volume resize"),
    IMAGE_DOES_NOT_EXIST(268, "ImageDoesNotExistInSD", Kind.NOT_FOUND, "Image does not exist in domain"),
    STORAGE_DOMAIN_CREATION_ERROR(351, "StorageDomainCreationError", Kind.FAILED, "Error creating a storage domain"),
    STORAGE_DOMAIN_DOES_NOT_EXIST(358, "StorageDomainDoesNotExist", Kind.NOT_FOUND, "Storage domain does not exist"),
    STORAGE_DOMAIN_NOT_EMPTY(361, "StorageDomainNotEmpty", Kind.CONFLICT, "Storage domain is not empty"),
    STORAGE_DOMAIN_ALREADY_EXISTS(365, "StorageDomainAlreadyExists", Kind.CONFLICT, "Storage domain already exists"),
    STORAGE_DOMAIN_NOT_ACTIVE(369, "StorageDomainNotActive", Kind.CONFLICT, "Storage domain not active"),
    STORAGE_DOMAIN_ACCESS_ERROR(379, "StorageDomainAccessError", Kind.FAILED,
            "Domain is either partially accessible or entirely inaccessible"),
    STORAGE_DOMAIN_ILLEGAL_REMOTE_PATH(390, "StorageDomainIllegalRemotePath", Kind.INVALID, "Remote path is illegal"),
    NO_SPACE_LEFT_ON_DOMAIN(397, "NoSpaceLeftOnDomain", Kind.FAILED, "No space left on domain"),
    UNKNOWN_TASK(401, "UnknownTask", Kind.NOT_FOUND, "Task id unknown"),
    TASK_NOT_FINISHED(403, "TaskNotFinished", Kind.CONFLICT, "Task not finished"),
    TASK_STATE_ERROR(410, "TaskStateError", Kind.CONFLICT, "Operation is not allowed in this task state"),
    TASK_ABORTED(411, "TaskAborted", Kind.FAILED, "Task is aborted"),
    IMAGE_VERIFICATION_ERROR(484, "ImageVerificationError", Kind.INVALID, "Image verification failed"),
    RESOURCE_TIMEOUT(851, "ResourceTimeout", Kind.UNAVAILABLE, "Resource timeout: another operation holds it"),
    BITMAP_DOES_NOT_EXIST(947, "BitmapDoesNotExist", Kind.NOT_FOUND, "Bitmap does not exist"),
    RESOURCE_EXHAUSTED(1100, "resourceExhausted", Kind.UNAVAILABLE, "Too many requests: the agent is at capacity"),
    BACKUP_ERROR(1600, "BackupError", Kind.FAILED, "Backup Error"),
    NO_SUCH_BACKUP(1601, "NoSuchBackupError", Kind.NOT_FOUND, "No such backup Error"),
    CHECKPOINT_ERROR(1610, "CheckpointError", Kind.FAILED, "Checkpoint Error"),
    NO_SUCH_CHECKPOINT(1611, "NoSuchCheckpointError", Kind.NOT_FOUND, "No such checkpoint Error"),
    INCONSISTENT_CHECKPOINT(1612, "InconsistentCheckpointError", Kind.CONFLICT, "Inconsistent checkpoint Error"),
    DRIVE_REFRESH_ERROR(1640, "DriveRefreshError", Kind.FAILED, "Error refreshing a drive's volume"),
    UNSUPPORTED_OPERATION(2009, "UnsupportedOperation", Kind.INVALID, "Unsupported operation"),
    UNKNOWN_VERB(5001, "unknownVerb", Kind.NOT_FOUND, "No such verb"),
    INVALID_PARAMETER(5002, "invalidParameter", Kind.INVALID, "Invalid parameter"),
    ACCESS_DENIED(5003, "accessDenied", Kind.DENIED, "Access denied"),
    REQUEST_TOO_LARGE(5004, "requestTooLarge", Kind.TOO_LARGE, "Request too large"),
    MALFORMED_REQUEST(5005, "malformedRequest", Kind.INVALID, "Malformed request"),
    /** A message delivered again (e.g. after a broker outage) is not run twice: calls are at-most-once. */
    DUPLICATE_REQUEST(5006, "duplicateRequest", Kind.CONFLICT, "Request received before; not run again"),
    /** Data streams: a packet or attachment for a stream that does not exist (any more) or is someone else's. */
    NO_SUCH_STREAM(5007, "noSuchStream", Kind.NOT_FOUND, "No such stream"),
    /** Data streams: a packet out of place (wrong sequence number, a status the stream does not take now). */
    STREAM_PROTOCOL_ERROR(5008, "streamProtocolError", Kind.INVALID, "Stream packet out of place"),
    /** A VM's console that another caller holds (VM.openConsole without force). */
    CONSOLE_BUSY(5009, "consoleBusy", Kind.CONFLICT, "The console is held by another caller"),
    /** Data streams: a stream that waited too long for its caller (no packet, no OK after the end of data). */
    STREAM_TIMEOUT(5010, "streamTimeout", Kind.UNAVAILABLE, "The stream waited too long for its caller"),
    /** Data streams: attaching a stream that is attached already. */
    STREAM_ATTACHED(5011, "streamAttached", Kind.CONFLICT, "The stream is attached already"),
    /** Image transfers (5100–5199). */
    NO_SUCH_TICKET(5100, "noSuchTicket", Kind.NOT_FOUND, "No such image ticket"),
    TICKET_EXISTS(5101, "ticketExists", Kind.CONFLICT, "An image ticket with this uuid exists");

    private static final Map<Integer, ErrorCode> BY_CODE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ErrorCode::code, Function.identity()));

    private final int code;
    private final String wireName;
    private final Kind kind;
    private final String message;

    ErrorCode(int code, String wireName, Kind kind, String message) {
        this.code = code;
        this.wireName = wireName;
        this.kind = kind;
        this.message = message;
    }

    /**
     * What sort of failure this is. Bindings map kinds, not codes, to their protocol (an HTTP status, for
     * instance), so a new code needs no change in any binding.
     */
    public enum Kind {
        /** The request is wrong: bad, missing or unknown parameters, malformed input. */
        INVALID,
        /** What the request names does not exist. */
        NOT_FOUND,
        /** The request clashes with the current state. */
        CONFLICT,
        /** The caller may not do this. */
        DENIED,
        /** The request is larger than allowed. */
        TOO_LARGE,
        /** Try again later: overloaded, recovering, or a dependency is down. */
        UNAVAILABLE,
        /** The operation failed. */
        FAILED
    }

    public Kind kind() {
        return kind;
    }

    /** The stable number sent over every binding. */
    public int code() {
        return code;
    }

    /** Short name (VDSM's where VDSM has one). */
    public String wireName() {
        return wireName;
    }

    /** Default human-readable message. */
    public String message() {
        return message;
    }

    /** The error with this number, if any. */
    public static Optional<ErrorCode> byCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
