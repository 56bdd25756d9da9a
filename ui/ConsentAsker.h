#pragma once

#include <QString>

namespace ks {

// One question for the user: may Keepsake do this? `scope` and `target` are the consent's
// (policy/ConsentScope.h); `text` says in plain words what will happen and where.
struct ConsentRequest
{
    QString scope;
    QString target;
    QString title;
    QString text;
};

// How the UI's logic asks. The app shows a dialog (DialogConsentAsker); tests answer in code,
// so the flows that depend on a yes or a no are tested without clicking.
class ConsentAsker
{
public:
    virtual ~ConsentAsker() = default;
    virtual bool ask(const ConsentRequest& request) = 0;
};

// Builds the plain-language request for each scope.
ConsentRequest readSourceRequest(const QString& folder, qint64 photos, qint64 videos, qint64 bytes);
ConsentRequest uploadRequest(const QString& destinationName, const QString& destinationWhere,
                             qint64 photos, qint64 videos, qint64 bytes);
ConsentRequest meteredRequest();
ConsentRequest backgroundRequest();
ConsentRequest locationRequest(qint64 photosWithLocation);

} // namespace ks
