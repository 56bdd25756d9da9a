#include "JobState.h"

namespace ks {

QString jobStateName(JobState state)
{
    switch (state) {
    case JobState::Registered:
        return QStringLiteral("registered");
    case JobState::Pending:
        return QStringLiteral("pending");
    case JobState::Running:
        return QStringLiteral("running");
    case JobState::Succeeded:
        return QStringLiteral("succeeded");
    case JobState::Failed:
        return QStringLiteral("failed");
    case JobState::Cancelled:
        return QStringLiteral("cancelled");
    case JobState::Acknowledged:
        return QStringLiteral("acknowledged");
    }
    return QString();
}

bool jobStateFromName(const QString& name, JobState* state)
{
    for (JobState s :
         {JobState::Registered, JobState::Pending, JobState::Running, JobState::Succeeded,
          JobState::Failed, JobState::Cancelled, JobState::Acknowledged}) {
        if (jobStateName(s) == name) {
            *state = s;
            return true;
        }
    }
    return false;
}

bool canTransition(JobState from, JobState to)
{
    using S = JobState;
    switch (from) {
    case S::Registered:
        return to == S::Pending || to == S::Cancelled || to == S::Acknowledged;
    case S::Pending:
        // Acknowledged directly: the destination already holds the content (after a crash, or
        // identical content sent for another file).
        return to == S::Running || to == S::Cancelled || to == S::Acknowledged;
    case S::Running:
        return to == S::Succeeded || to == S::Failed || to == S::Pending || to == S::Acknowledged;
    case S::Succeeded:
        return to == S::Acknowledged || to == S::Failed || to == S::Pending;
    case S::Failed:
        return to == S::Pending || to == S::Cancelled;
    case S::Cancelled:
        return to == S::Pending;
    case S::Acknowledged:
        return to == S::Pending;
    }
    return false;
}

} // namespace ks
