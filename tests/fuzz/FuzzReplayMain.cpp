// Replays files through a fuzz target's LLVMFuzzerTestOneInput without libFuzzer, so the normal
// gcc build (and CI's ASan build) runs every seed and every kept finding as a regression test.
// Arguments: files or folders (all files below them, sorted; a folder that does not exist yet, such
// as a target's regressions/ before its first finding, counts as empty). Fails when given nothing:
// a replay that runs no input would pass without testing anything.
#include "FuzzTarget.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <algorithm>
#include <cstdio>

int main(int argc, char** argv)
{
    QStringList files;
    for (int i = 1; i < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        if (QFileInfo(arg).isDir() || !QFileInfo::exists(arg)) {
            QDirIterator it(arg, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
            QStringList inDir;
            while (it.hasNext())
                inDir << it.next();
            std::sort(inDir.begin(), inDir.end());
            files << inDir;
        } else {
            files << arg;
        }
    }
    if (files.isEmpty()) {
        std::fprintf(stderr, "no inputs to replay\n");
        return 1;
    }
    QElapsedTimer timer;
    timer.start();
    for (const QString& path : files) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "cannot read %s\n", qPrintable(path));
            return 1;
        }
        const QByteArray bytes = f.readAll();
        std::fprintf(stderr, "replaying %s (%lld bytes)\n", qPrintable(path),
                     static_cast<long long>(bytes.size()));
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.constData()),
                               size_t(bytes.size()));
    }
    std::printf("%lld inputs replayed in %lld ms\n", static_cast<long long>(files.size()),
                static_cast<long long>(timer.elapsed()));
    return 0;
}
