// Statements are prepared with their `?` renamed and bound by name (NamedPlaceholders.h): the
// values still arrive in order, and a `?` that SQL does not read as a placeholder stays.
#include "catalog/Database.h"
#include "catalog/NamedPlaceholders.h"
#include "catalog/SqlQuery.h"
#include "catalog/StatementCache.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace ks;

class TestNamedPlaceholders : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void renamesOnlyRealPlaceholders()
    {
        QCOMPARE(sql::namedPlaceholders(QStringLiteral("SELECT 1")), QStringLiteral("SELECT 1"));
        const QString statement =
            QStringLiteral("SELECT ?, '?', \"a?b\", ? -- why?\n, ? /* or? */ FROM t WHERE x = ?");
        const QString named = sql::namedPlaceholders(statement);
        QCOMPARE(named, QStringLiteral("SELECT :p1, '?', \"a?b\", :p2 -- why?\n, :p3 /* or? */ "
                                       "FROM t WHERE x = :p4"));
        QVERIFY(sql::isNamedForm(named, statement));
        QVERIFY(!sql::isNamedForm(statement, statement));
        QVERIFY(!sql::isNamedForm(named + QLatin1Char(' '), statement));
        QVERIFY(!sql::isNamedForm(named.left(named.size() - 1), statement));
        QVERIFY(!sql::isNamedForm(QString(), statement));
        QVERIFY(sql::isNamedForm(QStringLiteral("SELECT 1"), QStringLiteral("SELECT 1")));
        // Past the names kept ready.
        QString many = QStringLiteral("SELECT ?");
        for (int i = 1; i < 70; ++i)
            many += QStringLiteral(", ?");
        QVERIFY(sql::namedPlaceholders(many).endsWith(QStringLiteral(", :p70")));
        QVERIFY(sql::isNamedForm(sql::namedPlaceholders(many), many));
    }

    void valuesArriveInOrder()
    {
        QTemporaryDir dir;
        Database db;
        Error error;
        QVERIFY(db.open(dir.filePath(QStringLiteral("c.sqlite")), &error));
        StatementCache statements(db.db());
        const QString statement =
            QStringLiteral("SELECT ? || '?', ?, ? + ?, ? IS NULL -- the last one?");
        for (int round = 0; round < 2; ++round) { // the second binds to the cached statement
            const QString first = QStringLiteral("ä") + QString::number(round);
            const auto q = statements.run(
                statement, {first, QByteArray("\x00\x01", 2), 40, round, QVariant()}, &error);
            QVERIFY2(q, qPrintable(error.message));
            QVERIFY(q->next());
            QCOMPARE(q->value(0).toString(), first + QLatin1Char('?'));
            QCOMPARE(q->value(1).toByteArray(), QByteArray("\x00\x01", 2));
            QCOMPARE(q->value(2).toInt(), 40 + round);
            QCOMPARE(q->value(3).toInt(), 1);
        }
        // The same through sql::exec, on one query reused: prepared once, bound each time.
        QSqlQuery q(db.db());
        for (int round = 0; round < 70; ++round) {
            QVERIFY2(sql::exec(q, QStringLiteral("SELECT ? * 2, ?"), {round, -round}, &error),
                     qPrintable(error.message));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), round * 2);
            QCOMPARE(q.value(1).toInt(), -round);
        }
        // Placeholders past the names kept ready.
        QString many = QStringLiteral("SELECT ?");
        QVariantList values{1};
        for (int i = 2; i <= 70; ++i) {
            many += QStringLiteral(" + ?");
            values << i;
        }
        const auto sum = statements.run(many, values, &error);
        QVERIFY2(sum, qPrintable(error.message));
        QVERIFY(sum->next());
        QCOMPARE(sum->value(0).toInt(), 70 * 71 / 2);
    }
};

QTEST_GUILESS_MAIN(TestNamedPlaceholders)
#include "tst_named_placeholders.moc"
