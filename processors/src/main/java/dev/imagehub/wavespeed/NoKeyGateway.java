package dev.imagehub.wavespeed;

/**
 * The gateway when {@code WAVESPEED_API_KEY} is not set: every AI call fails at once with a reason saying so, and
 * nothing is sent anywhere. Local chains are unaffected.
 */
public final class NoKeyGateway implements AiGateway {
    private final ModelRegistry registry;

    public NoKeyGateway(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public AiResult run(AiCall call) throws AiFailure {
        throw AiFailure.notSent("no API key: the step '" + call.step() + "' needs WaveSpeed (model " + call.model().id()
                + "), and WAVESPEED_API_KEY is not set in the hub's environment. Nothing was sent and nothing was charged. "
                + "Set the key (or WAVESPEED_BASE_URL to the emulator plus any key, see docs/wavespeed-emulator.md) and "
                + "move the file back into the inbox.");
    }

    @Override
    public ModelRegistry registry() {
        return registry;
    }
}
