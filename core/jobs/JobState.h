#pragma once

#include <QString>

namespace ks {

// The life of one upload job (one resource to one destination), after PhotoKit's background
// resource uploads:
//
//   registered -> pending -> running -> succeeded -> acknowledged
//                    ^          |          (destination confirmed the content;
//                    |          |           remote path, tag and time go into history)
//                    |          +-> failed --(transient, attempts left: backoff)--> pending
//                    |          |      +----(permanent, or attempts used up: waits for the
//                    |          |            user's retry or a changed cause)----> pending
//                    |          +-> pending (cancelled by stop, revoked consent or a policy;
//                    |                       maybe_sent marks that the destination must be
//                    |                       checked before sending again)
//                    +-- on start: jobs found running return here, maybe_sent set
//   any state before running -> cancelled (the user skipped it) -> pending (retry)
//   acknowledged -> pending only when the local content changed (a new version is sent)
//
// Every transition is committed to the catalog, with a job_events row, before the engine acts.
enum class JobState {
    Registered,
    Pending,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    Acknowledged,
};

QString jobStateName(JobState state);
bool jobStateFromName(const QString& name, JobState* state);
bool canTransition(JobState from, JobState to);

} // namespace ks
