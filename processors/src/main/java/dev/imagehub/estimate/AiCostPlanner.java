package dev.imagehub.estimate;

import java.util.List;

/**
 * Implemented by an AI step that can say which predictions it would make for a file, with the inputs its price
 * depends on, without sending anything; {@code hub estimate} uses it. A step that does not implement it is planned by
 * {@link GenericPlanner} from its options ({@code model}, {@code mode}, {@code inputs}, {@code compare}, ...).
 *
 * @param <O> the step's options record
 */
public interface AiCostPlanner<O extends Record> {

    /** The calls this step would make for the file described by {@code ctx}; may be empty (nothing to do for it). */
    List<PlannedCall> plan(O options, PlanContext ctx);
}
