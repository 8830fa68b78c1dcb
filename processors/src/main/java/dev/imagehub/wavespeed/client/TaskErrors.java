package dev.imagehub.wavespeed.client;

/** Plain-words reasons for a prediction that ended without outputs, by status and WaveSpeed's task error code. */
final class TaskErrors {
    private TaskErrors() {
    }

    /** E.g. "failed: the content was refused by WaveSpeed's moderation (code 1200) ...; server said: ...". */
    static String describe(String status, int code, String serverText) {
        String said = serverText == null || serverText.isBlank() ? "" : "; WaveSpeed said: " + serverText;
        return switch (status) {
            case "cancelled", "canceled" -> "was cancelled on WaveSpeed's side" + said + ". Move the file back into the inbox to run it again.";
            case "timeout" -> "timed out on WaveSpeed's side" + (code == 0 ? "" : " (code " + code + ")") + said
                    + ". This is usually temporary: move the file back into the inbox to try again.";
            case "deleted" -> "was deleted on WaveSpeed's side before its result was fetched" + said + ".";
            default -> "failed: " + reason(code) + said + ".";
        };
    }

    private static String reason(int code) {
        return switch (code) {
            case 1200 -> "the content was refused by WaveSpeed's moderation (code 1200); change the image or the prompt";
            case 1400 -> "a required parameter was missing (code 1400); check the step's options in config/chains.yaml";
            case 1401 -> "a parameter was not valid (code 1401); check the step's options in config/chains.yaml";
            case 1402 -> "WaveSpeed could not fetch an input file (code 1402); the upload may have expired, move the file back to retry";
            case 1403, 1405 -> "the model could not process this input (code " + code + "); try another image or model";
            case 5000 -> "WaveSpeed had an internal error (code 5000); this is usually temporary, move the file back to retry";
            case 5003 -> "the model is unavailable right now (code 5003); move the file back later to retry";
            case 5004 -> "the model took too long on WaveSpeed's side (code 5004); move the file back to retry";
            case 0 -> "no error code was given";
            default -> "error code " + code;
        };
    }
}
