package io.hostbridge.api.vm;

import io.hostbridge.api.annotation.ApiField;
import io.hostbridge.api.annotation.ApiType;

@ApiType(description = "A VM's external data (VDSM's VmDataMap): its hash, and the data unless the caller has it")
public record VmExternalData(
        @ApiField(description = "SHA-256 of the encoded data, hex") String hash,
        @ApiField(name = "_X_data", description = "The data as VDSM encodes it: a TPM's state directory as a tar,"
                + " base64; UEFI variables bzip2-compressed, base64, after '=0='. Absent when lastHash is the hash",
                optional = true) String data) {

    /** No data in the text: it holds a TPM's keys. */
    @Override
    public String toString() {
        return "VmExternalData[hash=" + hash + (data == null ? "" : ", " + data.length() + " characters") + "]";
    }
}
