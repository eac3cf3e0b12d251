#include "core/sharingcontroller.h"

#include <QSignalSpy>
#include <QTest>

#include <limits>
#include <set>

using namespace deskport;

// SharingController: the on/off state and the registry of viewers, with signals only on real changes.
class TestSharingController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsOffAndEmpty();
    void sharingChangedOnlyOnChange();
    void idsUniqueAndIncreasing();
    void joinedSignal();
    void leftSignal();
    void unregisterUnknownIsNoOp();
    void unregisterTwiceIsNoOp();
    void idsNotReusedAfterLeaving();
    void viewersContent();
};

void TestSharingController::startsOffAndEmpty()
{
    const SharingController controller;
    QVERIFY(!controller.isSharing());
    QCOMPARE(controller.viewerCount(), 0);
    QVERIFY(controller.viewers().isEmpty());
}

void TestSharingController::sharingChangedOnlyOnChange()
{
    SharingController controller;
    QSignalSpy spy(&controller, &SharingController::sharingChanged);
    QVERIFY(spy.isValid());

    controller.setSharing(false); // already off
    QCOMPARE(spy.count(), 0);

    controller.setSharing(true);
    QVERIFY(controller.isSharing());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toBool(), true);

    controller.setSharing(true);
    QCOMPARE(spy.count(), 1);

    controller.setSharing(false);
    QVERIFY(!controller.isSharing());
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.at(1).at(0).toBool(), false);

    controller.setSharing(false);
    QCOMPARE(spy.count(), 2);
}

void TestSharingController::idsUniqueAndIncreasing()
{
    SharingController controller;
    std::set<quint64> seen;
    quint64 last = 0;
    for (int i = 0; i < 50; ++i) {
        const quint64 id = controller.registerViewer(i % 2 ? Role::View : Role::Control, QStringLiteral("10.0.0.1"));
        QVERIFY(id != 0);
        QVERIFY2(id > last, qPrintable(QStringLiteral("%1 after %2").arg(id).arg(last)));
        QVERIFY(seen.insert(id).second);
        last = id;
        if (i % 3 == 0) {
            controller.unregisterViewer(id);
        }
    }
    QCOMPARE(controller.viewerCount(), 50 - 17);
}

void TestSharingController::joinedSignal()
{
    SharingController controller;
    QSignalSpy joined(&controller, &SharingController::viewerJoined);
    QSignalSpy left(&controller, &SharingController::viewerLeft);
    QVERIFY(joined.isValid());
    QVERIFY(left.isValid());

    const QDateTime before = QDateTime::currentDateTimeUtc();
    const quint64 id = controller.registerViewer(Role::Control, QStringLiteral("192.168.1.7"));
    const QDateTime after = QDateTime::currentDateTimeUtc();

    QCOMPARE(joined.count(), 1);
    QCOMPARE(left.count(), 0);
    const auto info = joined.at(0).at(0).value<ViewerInfo>();
    QCOMPARE(info.id, id);
    QCOMPARE(info.role, Role::Control);
    QCOMPARE(info.address, QStringLiteral("192.168.1.7"));
    QVERIFY(info.since.isValid());
    QVERIFY(info.since >= before.addMSecs(-1));
    QVERIFY(info.since <= after.addMSecs(1));
}

void TestSharingController::leftSignal()
{
    SharingController controller;
    const quint64 first = controller.registerViewer(Role::View, QStringLiteral("a"));
    const quint64 second = controller.registerViewer(Role::Control, QStringLiteral("b"));
    QSignalSpy joined(&controller, &SharingController::viewerJoined);
    QSignalSpy left(&controller, &SharingController::viewerLeft);

    controller.unregisterViewer(first);
    QCOMPARE(left.count(), 1);
    QCOMPARE(joined.count(), 0);
    const auto info = left.at(0).at(0).value<ViewerInfo>();
    QCOMPARE(info.id, first);
    QCOMPARE(info.role, Role::View);
    QCOMPARE(info.address, QStringLiteral("a"));
    QCOMPARE(controller.viewerCount(), 1);
    QCOMPARE(controller.viewers().at(0).id, second);

    controller.unregisterViewer(second);
    QCOMPARE(left.count(), 2);
    QCOMPARE(left.at(1).at(0).value<ViewerInfo>().id, second);
    QCOMPARE(controller.viewerCount(), 0);
}

void TestSharingController::unregisterUnknownIsNoOp()
{
    SharingController controller;
    const quint64 id = controller.registerViewer(Role::View, QStringLiteral("a"));
    QSignalSpy left(&controller, &SharingController::viewerLeft);
    QSignalSpy joined(&controller, &SharingController::viewerJoined);
    QSignalSpy sharing(&controller, &SharingController::sharingChanged);

    controller.unregisterViewer(id + 1000);
    controller.unregisterViewer(0);
    controller.unregisterViewer(std::numeric_limits<quint64>::max());

    QCOMPARE(left.count(), 0);
    QCOMPARE(joined.count(), 0);
    QCOMPARE(sharing.count(), 0);
    QCOMPARE(controller.viewerCount(), 1);
    QCOMPARE(controller.viewers().at(0).id, id);
}

void TestSharingController::unregisterTwiceIsNoOp()
{
    SharingController controller;
    const quint64 id = controller.registerViewer(Role::View, QStringLiteral("a"));
    QSignalSpy left(&controller, &SharingController::viewerLeft);
    controller.unregisterViewer(id);
    controller.unregisterViewer(id);
    QCOMPARE(left.count(), 1);
    QCOMPARE(controller.viewerCount(), 0);
}

void TestSharingController::idsNotReusedAfterLeaving()
{
    SharingController controller;
    const quint64 first = controller.registerViewer(Role::View, QStringLiteral("a"));
    controller.unregisterViewer(first);
    const quint64 second = controller.registerViewer(Role::View, QStringLiteral("a"));
    QVERIFY(second > first);
}

void TestSharingController::viewersContent()
{
    SharingController controller;
    const quint64 a = controller.registerViewer(Role::View, QStringLiteral("10.0.0.1"));
    const quint64 b = controller.registerViewer(Role::Control, QStringLiteral("::1"));
    const quint64 c = controller.registerViewer(Role::View, QStringLiteral("10.0.0.3"));
    controller.unregisterViewer(b);

    const QList<ViewerInfo> viewers = controller.viewers();
    QCOMPARE(viewers.size(), 2);
    QCOMPARE(controller.viewerCount(), 2);
    // In the order they joined (ids increase).
    QCOMPARE(viewers.at(0).id, a);
    QCOMPARE(viewers.at(0).role, Role::View);
    QCOMPARE(viewers.at(0).address, QStringLiteral("10.0.0.1"));
    QVERIFY(viewers.at(0).since.isValid());
    QCOMPARE(viewers.at(1).id, c);
    QCOMPARE(viewers.at(1).address, QStringLiteral("10.0.0.3"));
    QVERIFY(viewers.at(0).since <= viewers.at(1).since);
}

QTEST_MAIN(TestSharingController)
#include "tst_sharingcontroller.moc"
