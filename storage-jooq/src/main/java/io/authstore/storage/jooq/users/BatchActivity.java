package io.authstore.storage.jooq.users;

import io.authstore.storage.Ulid;
import io.authstore.storage.users.ActivityRecord;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Activity records as the three parallel arrays {@code recordBatchActivity} binds: one entry per session, sorted by
 * id, with the latest time and the address of the latest record that had one.
 */
public record BatchActivity(UUID[] ids, OffsetDateTime[] times, String[] addresses) {

    public static BatchActivity of(Collection<ActivityRecord> activity) {
        Map<Ulid, ActivityRecord> latest = new TreeMap<>();
        Map<Ulid, ActivityRecord> latestWithAddress = new TreeMap<>();
        for (ActivityRecord record : activity) {
            latest.merge(record.sessionId(), record, BatchActivity::later);
            if (record.ip().isPresent()) {
                latestWithAddress.merge(record.sessionId(), record, BatchActivity::later);
            }
        }
        int size = latest.size();
        UUID[] ids = new UUID[size];
        OffsetDateTime[] times = new OffsetDateTime[size];
        String[] addresses = new String[size];
        int i = 0;
        for (Map.Entry<Ulid, ActivityRecord> entry : latest.entrySet()) {
            ids[i] = entry.getKey().toUuid();
            times[i] = entry.getValue().at().atOffset(ZoneOffset.UTC);
            ActivityRecord withAddress = latestWithAddress.get(entry.getKey());
            addresses[i] = withAddress == null ? null : withAddress.ip().orElseThrow().getHostAddress();
            i++;
        }
        return new BatchActivity(ids, times, addresses);
    }

    private static ActivityRecord later(ActivityRecord a, ActivityRecord b) {
        return b.at().isAfter(a.at()) ? b : a;
    }

    public boolean isEmpty() {
        return ids.length == 0;
    }
}
