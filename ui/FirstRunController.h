#pragma once

#include "ConsentAsker.h"
#include "LibraryCounter.h"
#include "common/Error.h"

#include <QSqlDatabase>

namespace ks {

// The first-run decisions, without widgets: add the folder and the destination, then ask each
// consent in turn with the numbers found. Nothing is read or sent without the matching yes;
// the engine enforces that too, this only records what the user said.
class FirstRunController
{
public:
    FirstRunController(QSqlDatabase& db, ConsentAsker& asker) : m_db(db), m_asker(asker) {}

    struct Outcome
    {
        bool readAllowed = false;
        bool uploadAllowed = false;
        Error error;
    };
    Outcome run(const QString& folder, const QString& destinationName,
                const QString& destinationUrl, const LibraryCount& count);

private:
    QSqlDatabase& m_db;
    ConsentAsker& m_asker;
};

} // namespace ks
