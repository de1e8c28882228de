package io.authstore.storage.queue;

import java.util.Collection;
import java.util.List;
import reactor.core.publisher.Mono;

/** The recurring schedules' state: which ones exist, and when their last job was scheduled for. */
public interface QueueScheduleRepository {

    /** Makes sure a schedule of each name exists; existing ones keep their state. */
    Mono<Void> setup(Collection<String> scheduleNames);

    /** Every schedule with its last scheduled time and whether that job has finished, ordered by name. */
    Mono<List<ScheduleStatus>> list();
}
