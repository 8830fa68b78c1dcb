package dev.imagehub.intake;

import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.file.GenericFile;

import dev.imagehub.HubServices;
import dev.imagehub.chain.ChainDefinition;

/**
 * The per-hot-folder processor that the {@code hotfolder} route template creates: it checks at route start-up that
 * the named chain exists, then hands each picked-up file to a {@link FileJob}.
 */
public final class HotFolderProcessor implements Processor {
    private HubServices hub;
    private String folder;
    private String chain;
    private String route;
    private FileJob job;

    public void setHub(HubServices hub) { this.hub = hub; }
    public void setFolder(String folder) { this.folder = folder; }
    public void setChain(String chain) { this.chain = chain; }
    public void setRoute(String route) { this.route = route; }

    /** Called by Camel when the route is created (the template's initMethod): an unknown chain stops start-up. */
    public void init() {
        if (hub == null) throw new IllegalStateException("hot folder '" + folder + "': the hub services bean is missing");
        if (folder == null || !folder.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("hot folder name '" + folder + "' must use letters, digits, '.', '-' and '_' only");
        }
        ChainDefinition definition = hub.chains().get(chain);
        if (definition == null) {
            throw new IllegalArgumentException("routes for hot folder '" + folder + "' (parameter 'chain'): unknown chain '" + chain
                    + "'; chains defined in config/chains.yaml: " + String.join(", ", hub.chains().all().keySet()));
        }
        job = new FileJob(hub, folder, route == null ? "hotfolder-" + folder : route, chain, definition);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        GenericFile<?> file = exchange.getIn().getBody(GenericFile.class);
        job.run(Path.of(file.getAbsoluteFilePath()));
    }
}
