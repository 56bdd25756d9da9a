#include "S3rver.h"

#include "LoopbackServer.h"
#include "TestSupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QThread>

namespace ks::test {

namespace {

// Runs s3rver with the three additions described in S3rver.h. Arguments: s3rver's folder, data
// folder, port, access key, secret, bucket, and for HTTPS the key and certificate files.
const char kLauncher[] = R"JS('use strict';
const [base, dir, port, accessKey, secret, bucket, keyFile, certFile] = process.argv.slice(2);
const S3rver = require(base);
const AWSAccount = require(base + '/lib/models/account');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

AWSAccount.DUMMY_ACCOUNT.createKeyPair(accessKey, secret);
const tls = keyFile ? { key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) } : {};
const app = new S3rver({ address: '127.0.0.1', port: Number(port), directory: dir, silent: true,
                         configureBuckets: [{ name: bucket, configs: [] }], ...tls });

const enc = s => encodeURIComponent(s).replace(/[!'()*]/g,
    c => '%' + c.charCodeAt(0).toString(16).toUpperCase());
const hmac = (key, text) => crypto.createHmac('sha256', key).update(text).digest();
const sha256 = text => crypto.createHash('sha256').update(text).digest('hex');
const fail = (ctx, status, code, message) => {
  ctx.status = status;
  ctx.type = 'application/xml';
  ctx.body = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>' + code +
      '</Code><Message>' + message + '</Message></Error>';
};

async function logRequest(ctx, next) {
  console.log('KS-BEGIN ' + ctx.method + ' ' + ctx.url);
  const line = status => console.log('KS-REQ ' + ctx.method + ' ' + ctx.url + ' ' + status +
                                     ' md5=' + (ctx.get('content-md5') || '-'));
  try {
    await next();
    line(ctx.status);
  } catch (err) {
    line(err.status || 500);
    throw err;
  }
}

async function checkSigV4(ctx, next) {
  const auth = ctx.get('authorization');
  if (!auth)
    return next();
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m)
    return fail(ctx, 400, 'AuthorizationHeaderMalformed', 'Not a SigV4 header');
  const [, key, day, region, service, signed, signature] = m;
  const account = AWSAccount.registry.get(key);
  if (!account)
    return fail(ctx, 403, 'InvalidAccessKeyId', 'Unknown access key');
  const names = signed.split(';');
  for (const required of ['host', 'x-amz-date', 'x-amz-content-sha256'])
    if (!names.includes(required))
      return fail(ctx, 403, 'AccessDenied', required + ' must be signed');
  const [rawPath, rawQuery = ''] = ctx.req.url.split('?');
  const canonicalPath = rawPath.split('/').map(s => enc(decodeURIComponent(s))).join('/');
  const canonicalQuery = rawQuery.split('&').filter(Boolean).map(p => {
    const i = p.indexOf('=');
    return [enc(decodeURIComponent(i < 0 ? p : p.slice(0, i))),
            enc(decodeURIComponent(i < 0 ? '' : p.slice(i + 1)))];
  }).sort((a, b) => (a[0] + '\u0000' + a[1] < b[0] + '\u0000' + b[1] ? -1 : 1))
    .map(([k, v]) => k + '=' + v).join('&');
  const headers = names.map(n => n + ':' +
      String(ctx.req.headers[n] === undefined ? '' : ctx.req.headers[n]).trim()
          .replace(/\s+/g, ' ') + '\n').join('');
  const request = [ctx.method, canonicalPath, canonicalQuery, headers, signed,
                   ctx.get('x-amz-content-sha256')].join('\n');
  const scope = [day, region, service, 'aws4_request'].join('/');
  const toSign = ['AWS4-HMAC-SHA256', ctx.get('x-amz-date'), scope, sha256(request)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac('AWS4' + account.accessKeys.get(key), day), region),
                               service), 'aws4_request');
  if (hmac(signingKey, toSign).toString('hex') !== signature)
    return fail(ctx, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does ' +
                'not match the signature you provided. Check your key and signing method.');
  return next();
}

const xmlText = s => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// ListMultipartUploads (GET /bucket?uploads), which s3rver lacks: pages of one upload, so the
// client's paging is exercised; ordered by key, then upload id, as S3 does.
function listUploads(ctx, bucketName) {
  const root = app.store.getResourcePath(bucketName, undefined, 'uploads');
  const prefix = String(ctx.query.prefix || '');
  const keyMarker = String(ctx.query['key-marker'] || '');
  const idMarker = String(ctx.query['upload-id-marker'] || '');
  const all = (fs.existsSync(root) ? fs.readdirSync(root) : [])
      .filter(id => fs.existsSync(path.join(root, id, 'key')))
      .map(id => ({ id, key: fs.readFileSync(path.join(root, id, 'key'), 'utf8') }))
      .filter(u => u.key.startsWith(prefix))
      .filter(u => !keyMarker || u.key > keyMarker || (u.key === keyMarker && u.id > idMarker))
      .sort((a, b) => (a.key === b.key ? (a.id < b.id ? -1 : 1) : (a.key < b.key ? -1 : 1)));
  const page = all.slice(0, 1);
  const last = page[page.length - 1];
  let xml = '<?xml version="1.0" encoding="UTF-8"?>\n<ListMultipartUploadsResult><Bucket>' +
      bucketName + '</Bucket><Prefix>' + xmlText(prefix) + '</Prefix><IsTruncated>' +
      (all.length > page.length) + '</IsTruncated>';
  if (last)
    xml += '<NextKeyMarker>' + xmlText(last.key) + '</NextKeyMarker><NextUploadIdMarker>' +
        last.id + '</NextUploadIdMarker>';
  for (const u of page)
    xml += '<Upload><Key>' + xmlText(u.key) + '</Key><UploadId>' + u.id + '</UploadId>' +
        '<Initiator><ID>keepsake</ID></Initiator><Initiated>' +
        fs.statSync(path.join(root, u.id)).mtime.toISOString() + '</Initiated></Upload>';
  ctx.type = 'application/xml';
  ctx.body = xml + '</ListMultipartUploadsResult>';
}

async function multipartExtras(ctx, next) {
  const [, bucketName, ...keyParts] = ctx.path.split('/');
  if (ctx.method === 'GET' && 'uploads' in ctx.query && keyParts.join('') === '')
    return listUploads(ctx, bucketName);
  if (!('uploadId' in ctx.query) || !['GET', 'DELETE'].includes(ctx.method))
    return next();
  const key = decodeURIComponent(keyParts.join('/'));
  const uploadId = String(ctx.query.uploadId);
  const uploadDir = path.join(app.store.getResourcePath(bucketName, undefined, 'uploads'),
                              uploadId);
  if (!/^[0-9a-f]+$/.test(uploadId) || !fs.existsSync(uploadDir))
    return fail(ctx, 404, 'NoSuchUpload', 'The specified upload does not exist.');
  if (ctx.method === 'DELETE') {
    fs.rmSync(uploadDir, { recursive: true, force: true });
    ctx.status = 204;
    return;
  }
  const marker = Number(ctx.query['part-number-marker'] || 0);
  const numbers = fs.readdirSync(uploadDir).filter(f => /^\d+$/.test(f)).map(Number)
      .filter(n => n > marker && fs.existsSync(path.join(uploadDir, n + '.md5')))
      .sort((a, b) => a - b);
  const page = numbers.slice(0, 3);
  const truncated = numbers.length > page.length;
  let xml = '<?xml version="1.0" encoding="UTF-8"?>\n<ListPartsResult><Bucket>' + bucketName +
      '</Bucket><Key>' + key + '</Key><UploadId>' + uploadId + '</UploadId><PartNumberMarker>' +
      marker + '</PartNumberMarker><NextPartNumberMarker>' +
      (page.length ? page[page.length - 1] : marker) + '</NextPartNumberMarker><MaxParts>3' +
      '</MaxParts><IsTruncated>' + truncated + '</IsTruncated>';
  for (const n of page) {
    const file = path.join(uploadDir, String(n));
    xml += '<Part><PartNumber>' + n + '</PartNumber><ETag>"' +
        fs.readFileSync(file + '.md5', 'utf8').trim() + '"</ETag><Size>' + fs.statSync(file).size +
        '</Size></Part>';
  }
  ctx.type = 'application/xml';
  ctx.body = xml + '</ListPartsResult>';
}

// Like S3, a PUT (object or part) stores nothing unless its whole body arrived: s3rver alone
// streams the body into the object file and keeps what came when the client dies mid-request.
async function wholeBodies(ctx, next) {
  if (ctx.method !== 'PUT' || ctx.get('x-amz-copy-source'))
    return next();
  const length = ctx.get('content-length');
  const chunks = [];
  let got = 0;
  const complete = await new Promise(resolve => {
    ctx.req.on('data', c => { chunks.push(c); got += c.length; });
    ctx.req.on('end', () => resolve(length === '' || got === Number(length)));
    ctx.req.on('aborted', () => resolve(false));
    ctx.req.on('error', () => resolve(false));
  });
  if (!complete)
    return fail(ctx, 400, 'IncompleteBody', 'The body ended before Content-Length bytes came');
  const body = Buffer.concat(chunks);
  const claimed = ctx.get('x-amz-content-sha256');
  if (process.env.KS_CHECK_PAYLOAD === '1' && /^[0-9a-f]{64}$/.test(claimed) &&
      crypto.createHash('sha256').update(body).digest('hex') !== claimed)
    return fail(ctx, 400, 'XAmzContentSHA256Mismatch', 'The provided \'x-amz-content-sha256\' ' +
                'header does not match what was computed.');
  ctx.req = require('stream').Readable.from([body]);
  return next();
}

app.middleware.unshift(logRequest, checkSigV4, wholeBodies, multipartExtras);
app.run().then(() => console.log('KS-READY'), err => { console.error(err); process.exit(1); });
)JS";

} // namespace

S3rver::S3rver(const QString& dir, const QString& accessKey, const QString& secret,
               const QString& bucket)
    : m_dir(dir), m_accessKey(accessKey), m_secret(secret), m_bucket(bucket)
{
}

S3rver::~S3rver()
{
    stopProcess(m_process);
}

QString S3rver::endpoint() const
{
    return QStringLiteral("%1://127.0.0.1:%2")
        .arg(m_tls ? QStringLiteral("https") : QStringLiteral("http"))
        .arg(m_port);
}

QString S3rver::url(const QString& prefix, const QString& extraQuery) const
{
    QString u = QStringLiteral("s3://%1@%2/%3?endpoint=%4&region=us-east-1")
                    .arg(m_accessKey, m_bucket, prefix, endpoint());
    if (!extraQuery.isEmpty())
        u += QLatin1Char('&') + extraQuery;
    return u;
}

bool S3rver::start(QString* error)
{
    const QString base = sourceDir() + QStringLiteral("/tests/servers/node_modules/s3rver");
    if (!QFileInfo::exists(base + QStringLiteral("/package.json"))) {
        *error = QStringLiteral("s3rver is not installed: cd tests/servers && npm install");
        return false;
    }
    QDir().mkpath(storageDir());
    if (!writeFile(m_dir + QStringLiteral("/launcher.js"), kLauncher))
        return false;
    // s3rver signs the continuation token of a listing cut into pages with DES, which OpenSSL 3
    // keeps in its legacy provider: without it, a folder of more than 1,000 objects answers 500.
    QStringList args{QStringLiteral("--openssl-legacy-provider"),
                     m_dir + QStringLiteral("/launcher.js"),
                     base,
                     storageDir(),
                     QString::number(freePort()),
                     m_accessKey,
                     m_secret,
                     m_bucket};
    m_port = quint16(args.at(4).toUInt());
    if (m_tls) {
        if (!makeSelfSignedCertificate(m_dir, error))
            return false;
        args << m_dir + QStringLiteral("/server.key") << m_dir + QStringLiteral("/server.crt");
    }
    m_process.setStandardOutputFile(m_dir + QStringLiteral("/server.log"));
    if (m_checkPayloadHash) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("KS_CHECK_PAYLOAD"), QStringLiteral("1"));
        m_process.setProcessEnvironment(env);
    }
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start(QStringLiteral("node"), args);
    for (int i = 0; i < 200; ++i) {
        QFile log(m_dir + QStringLiteral("/server.log"));
        if (log.open(QIODevice::ReadOnly) && log.readAll().contains("KS-READY"))
            return true;
        if (m_process.state() == QProcess::NotRunning)
            break;
        QThread::msleep(50);
    }
    *error = QStringLiteral("s3rver did not start; see %1/server.log").arg(m_dir);
    return false;
}

QString S3rver::certificateFingerprint() const
{
    return test::certificateFingerprint(m_dir);
}

QMap<QString, QByteArray> S3rver::objectHashes(const QString& prefix) const
{
    const QString root = storageDir() + QLatin1Char('/') + m_bucket;
    const QString suffix = QStringLiteral("._S3rver_object");
    QMap<QString, QByteArray> out;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QString key = QDir(root).relativeFilePath(path);
        if (!key.endsWith(suffix) || !key.startsWith(prefix))
            continue;
        key.chop(suffix.size());
        out.insert(key.mid(prefix.size()), sha256Hex(path));
    }
    return out;
}

int S3rver::unfinishedUploads() const
{
    return QDir(storageDir() + QLatin1Char('/') + m_bucket + QStringLiteral("/._S3rver_uploads"))
        .entryList(QDir::Dirs | QDir::NoDotAndDotDot)
        .size();
}

int S3rver::maxConcurrent(const QString& pattern) const
{
    const QRegularExpression re(pattern);
    QFile log(m_dir + QStringLiteral("/server.log"));
    if (!log.open(QIODevice::ReadOnly))
        return 0;
    int now = 0;
    int most = 0;
    for (const QByteArray& line : log.readAll().split('\n')) {
        const bool begin = line.startsWith("KS-BEGIN ");
        if (!begin && !line.startsWith("KS-REQ "))
            continue;
        if (!re.match(QString::fromUtf8(line.mid(line.indexOf(' ') + 1))).hasMatch())
            continue;
        now += begin ? 1 : -1;
        most = std::max(most, now);
    }
    return most;
}

QStringList S3rver::requests() const
{
    return logLines("KS-REQ ");
}

QStringList S3rver::requestsBegun() const
{
    return logLines("KS-BEGIN ");
}

QStringList S3rver::logLines(const QByteArray& tag) const
{
    QFile log(m_dir + QStringLiteral("/server.log"));
    QStringList out;
    if (!log.open(QIODevice::ReadOnly))
        return out;
    for (const QByteArray& line : log.readAll().split('\n')) {
        if (line.startsWith(tag))
            out << QString::fromUtf8(line.mid(tag.size()));
    }
    return out;
}

} // namespace ks::test
