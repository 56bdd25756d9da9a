#include "Error.h"

namespace ks {

QString errorClassName(ErrorClass c)
{
    switch (c) {
    case ErrorClass::None:
        return QStringLiteral("none");
    case ErrorClass::Transient:
        return QStringLiteral("transient");
    case ErrorClass::Permanent:
        return QStringLiteral("permanent");
    case ErrorClass::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("none");
}

ErrorClass errorClassFromName(const QString& name)
{
    if (name == QLatin1String("transient"))
        return ErrorClass::Transient;
    if (name == QLatin1String("permanent"))
        return ErrorClass::Permanent;
    if (name == QLatin1String("cancelled"))
        return ErrorClass::Cancelled;
    return ErrorClass::None;
}

ErrorClass errorClassForHttpStatus(int status)
{
    if (status < 400)
        return ErrorClass::None;
    if (status == 408 || status == 425 || status == 429 || status >= 500)
        return ErrorClass::Transient;
    return ErrorClass::Permanent;
}

} // namespace ks
