#pragma once

#include <QString>

namespace ks {

// How the engine reacts to a failure. Transient errors are retried automatically with
// backoff; permanent ones wait for the user or for their cause to change.
enum class ErrorClass {
    None,
    Transient,
    Permanent,
    Cancelled,
};

QString errorClassName(ErrorClass c);
ErrorClass errorClassFromName(const QString& name);

// An error carries a plain message a person can read, and a class the engine acts on.
struct Error
{
    ErrorClass kind = ErrorClass::None;
    QString message;
    int httpStatus = 0;       // 0 when not an HTTP error
    qint64 retryAfterMs = -1; // server's Retry-After, -1 when absent

    bool isError() const { return kind != ErrorClass::None; }
    explicit operator bool() const { return isError(); }

    static Error transient(const QString& message, int httpStatus = 0)
    {
        return {ErrorClass::Transient, message, httpStatus, -1};
    }
    static Error permanent(const QString& message, int httpStatus = 0)
    {
        return {ErrorClass::Permanent, message, httpStatus, -1};
    }
    static Error cancelled(const QString& message = QStringLiteral("Cancelled"))
    {
        return {ErrorClass::Cancelled, message, 0, -1};
    }
};

// Maps an HTTP status to its error class: 408, 425, 429 and 5xx are transient, other 4xx permanent.
ErrorClass errorClassForHttpStatus(int status);

} // namespace ks
