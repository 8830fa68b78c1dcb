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
    private boolean followLinks;
    private boolean review;
    private FileJob job;

    public void setHub(HubServices hub) { this.hub = hub; }
    public void setFolder(String folder) { this.folder = folder; }
    public void setChain(String chain) { this.chain = chain; }
    public void setRoute(String route) { this.route = route; }
    /** Route parameter {@code followLinks}: take symbolic links dropped in this folder (refused by default). */
    public void setFollowLinks(boolean followLinks) { this.followLinks = followLinks; }
    public void setReview(boolean review) { this.review = review; }

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
        job = new FileJob(hub, folder, route == null ? "hotfolder-" + folder : route, chain, definition, FileJob.SOURCE, followLinks).reviewed(review);
        job.outcomesReportedByCamel();
        hub.metrics().folder(folder);                          // its backlog shows before its first file is taken
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        GenericFile<?> file = exchange.getIn().getBody(GenericFile.class);
        // the listed file itself: Camel's path strings turn a backslash in a Unix file name into '/', which names another file
        Path path = file.getFile() instanceof java.io.File f ? f.toPath() : Path.of(file.getAbsoluteFilePath());
        FileJob.Outcome outcome = job.run(path);
        exchange.setProperty(OUTCOME, outcome.name());
        if (outcome == FileJob.Outcome.FAILED) {
            throw new FileFailed(route == null ? "hotfolder-" + folder : route, path.getFileName().toString(), FileJob.lastFailure());
        }
    }

    /** The exchange property that says how the file ended: DONE, FAILED or WAITING (it stays for a later poll). */
    public static final String OUTCOME = "hub.outcome";
}
