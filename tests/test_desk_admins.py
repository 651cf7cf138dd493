"""Admins that can be listed, revoked and audited, and admin commands that show personal data only
where it may be read (issue 10 point 5), through the collecting fake (tests/desk_harness.py)."""

from __future__ import annotations

import pytest

from flows import lifecycle as lc
from flows.callbacks import DeskConfirm
from tests.desk_harness import ADMIN, COORD, DISHUB, OTHER, PHONE, PUPR, Group, Regency, Staff, World

BOTH_BACKENDS = True  # every db test here runs on SQLite and on PostgreSQL (tests/conftest.py)


NEW_COORD = Group(-1004004, "Meja Koordinator Baru")
PUBLIC = Group(-1005005, "Info Warga OKU", username="info_warga_oku")
HELPER = 7777  # granted admin, member of no group


@pytest.fixture
async def regency(db) -> Regency:
    r = Regency(World(db, admin_ids=frozenset({ADMIN})))
    for group, arg in ((COORD, "koordinator"), (PUPR, "PUPR"), (DISHUB, "DISHUB")):
        await r.admin.command(group, f"/meja {arg}")
    r.world.roster.add(NEW_COORD.chat_id, ADMIN, 2001)
    r.world.roster.add(PUBLIC.chat_id, ADMIN, 2001)
    return r


def last(regency: Regency, group: Group) -> str:
    return regency.telegram.last(group.chat_id).text


async def audit_rows(regency: Regency, limit: int = 50):
    async with regency.world.db.uow() as uow:
        return await uow.audit.latest(limit)


# ---------------------------------------------------------------------- grant, revoke, list
async def test_only_admin_ids_grant_and_revoke_and_every_change_is_audited(regency: Regency):
    await regency.admin.command(COORD, "/admin 2001")
    assert last(regency, COORD) == "✅ Pengguna 2001 sekarang admin."
    rina = regency.rina
    await rina.command(COORD, "/admin 2102")  # a granted admin cannot make admins
    assert last(regency, COORD) == "Hanya admin dari ADMIN_IDS yang dapat mengangkat atau mencabut admin."
    await rina.command(rina.dm, f"/cabut {ADMIN}")
    assert "Hanya admin dari ADMIN_IDS" in last(regency, rina.dm)
    async with regency.world.db.uow() as uow:
        assert not await uow.admins.is_granted(2102)
    for text, answer in (("/admin 2001", "sudah admin"), (f"/admin {ADMIN}", "diubah di pengaturan"),
                         (f"/cabut {ADMIN}", "diubah di pengaturan"), ("/admin ²", "Cara pakai: /admin"),
                         ("/admin 1" + "0" * 20, "Cara pakai: /admin"), ("/cabut", "Cara pakai: /cabut"),
                         ("/cabut 2102", "bukan admin yang diangkat")):
        await regency.admin.command(regency.admin.dm, text)
        assert answer in last(regency, regency.admin.dm), text
    await regency.admin.command(regency.admin.dm, "/admin hapus 2001")
    assert last(regency, regency.admin.dm) == "✅ Pengguna 2001 bukan admin lagi."
    await rina.command(rina.dm, "/statistik")  # at once
    assert last(regency, rina.dm) == "Perintah ini hanya untuk admin."
    rows = [(r.actor_user_id, r.action, r.subject) for r in await audit_rows(regency)]
    assert rows[:2] == [(ADMIN, "admin_revoke", "2001"), (ADMIN, "admin_grant", "2001")]  # newest first
    assert [r for r in rows if r[1].startswith("admin_")] == rows[:2]  # refusals and no-ops are not changes


async def test_the_list_of_admins_shows_who_granted_whom_in_private_only(regency: Regency):
    await regency.admin.command(COORD, "/admin 2001")
    await regency.admin.command(COORD, "/admin")
    refusal = last(regency, COORD)
    assert refusal.startswith("🔒 /admin") and "2001" not in refusal and str(ADMIN) not in refusal
    rina = regency.rina  # a granted admin may read the list
    await rina.command(rina.dm, "/admin")
    listing = last(regency, rina.dm)
    assert f"• {ADMIN} · ADMIN_IDS" in listing and "tidak bisa dicabut" in listing
    assert f"• 2001 · diangkat oleh {ADMIN} · " in listing and "/cabut" in listing


async def test_a_revoked_admin_loses_the_buttons_of_groups_they_are_not_in_at_once(regency: Regency):
    number = await regency.verified_to_pupr()
    helper = Staff(regency.world, HELPER, "Bantu")
    await regency.admin.command(regency.admin.dm, f"/admin {HELPER}")
    await helper.press(PUPR, regency.card(PUPR, number), "Proses")  # a granted admin acts anywhere
    assert (await regency.ticket(number)).status == lc.IN_PROGRESS
    await regency.admin.command(regency.admin.dm, f"/cabut {HELPER}")
    await helper.press(PUPR, regency.card(PUPR, number), "Bukan wewenang")
    assert regency.toast(helper) == "Anda bukan anggota meja ini; tidak ada yang diubah."
    assert (await regency.ticket(number)).status == lc.IN_PROGRESS


# ---------------------------------------------------------------------- where admin commands answer
async def test_tiket_shows_personal_data_only_in_private_the_holding_desk_or_the_coordinator(regency: Regency):
    number = await regency.verified_to_pupr()
    admin = regency.admin
    for group in (PUPR, COORD, admin.dm):
        await admin.command(group, f"/tiket {number}")
        assert PHONE in last(regency, group) and "Riwayat" in last(regency, group), group
    for group in (DISHUB, OTHER):
        before = len(regency.telegram.messages(group.chat_id))
        await admin.command(group, f"/tiket {number}")
        refusal = last(regency, group)
        assert refusal.startswith("🔒 /tiket") and "chat pribadi" in refusal and "meja yang" in refusal
        assert PHONE not in regency.telegram.text(group.chat_id) and "Siti" not in regency.telegram.text(group.chat_id)
        await admin.command(group, f"/tiket {number}")  # refused again within the minute: silence
        assert len(regency.telegram.messages(group.chat_id)) == before + 1


async def test_search_audit_answer_only_in_private(regency: Regency):
    number = await regency.file()
    admin = regency.admin
    regency.world.desks.refusals.window_s = 0  # every refusal answered (pacing has its own test)
    for command in ("/cari jalan", "/audit"):
        for group in (COORD, OTHER):
            await admin.command(group, command)
            refusal = last(regency, group)
            assert refusal.startswith(f"🔒 {command.split()[0]}") and number not in refusal, (group, command)
        await admin.command(admin.dm, command)
        assert last(regency, admin.dm).startswith(("Hasil pencarian", "🧾")), command


async def test_audit_lists_the_latest_entries_newest_first(regency: Regency):
    dm = regency.admin.dm
    await regency.admin.command(dm, "/admin 2001")
    await regency.admin.command(dm, "/audit")
    trail = last(regency, dm).splitlines()
    assert trail[0] == "🧾 Jejak audit (4 terbaru, terbaru dulu):"
    assert f"· {ADMIN} · admin_grant · 2001 · chat {ADMIN}" in trail[1]
    assert f"desk_bound · DISHUB · chat {DISHUB.chat_id} · agency=DISHUB · title=Meja Dishub" in trail[2]
    assert "coordinator_moved" not in last(regency, dm)  # a first binding moves nothing
    await regency.admin.command(dm, "/audit 1")
    assert len(last(regency, dm).splitlines()) == 2
    for bad in ("/audit 0", "/audit 51", "/audit semua"):
        await regency.admin.command(dm, bad)
        assert last(regency, dm) == "Cara pakai: /audit [JUMLAH], 1 sampai 50", bad


# ---------------------------------------------------------------------- /meja asks first
async def test_moving_the_coordinator_desk_asks_an_admin_and_tells_the_old_desk(regency: Regency):
    number = await regency.file()
    admin, rina = regency.admin, regency.rina
    await admin.command(NEW_COORD, "/meja koordinator")
    question = regency.telegram.last(NEW_COORD.chat_id, "⚠️")
    assert "«Meja Koordinator Diskominfo»" in question.text and question.labels == ["✅ Ya, jadikan meja", "✖️ Batal"]
    async with regency.world.db.uow() as uow:
        assert (await uow.desks.for_agency(None)).chat_id == COORD.chat_id  # nothing moved yet
    await rina.press(NEW_COORD, question, "Ya, jadikan")  # a member, not an admin
    assert regency.toast(rina) == "Hanya admin yang dapat menjawab pertanyaan ini."
    await regency.outsider.press(NEW_COORD, question, "Ya, jadikan")  # not even a member
    assert "bukan anggota" in regency.toast(regency.outsider)
    await admin.press(NEW_COORD, question, "Batal")
    assert question.text.startswith("✖️ Dibatalkan") and question.buttons == []
    async with regency.world.db.uow() as uow:
        assert (await uow.desks.for_agency(None)).chat_id == COORD.chat_id

    coord_before = len(regency.telegram.messages(COORD.chat_id))
    question = await regency.bind(NEW_COORD, "koordinator")
    assert question.text == "✅ Dikonfirmasi." and question.buttons == []
    assert last(regency, NEW_COORD).startswith("✅ Grup ini sekarang meja koordinator")
    assert PHONE in regency.card(NEW_COORD, number).text
    told = [s.text for s in regency.telegram.messages(COORD.chat_id)[coord_before:] if s.text.startswith("ℹ️")]
    assert told == ["ℹ️ Grup ini bukan lagi meja koordinator: admin memindahkannya ke grup «Meja Koordinator Baru». "
                    "Kartu laporan di sini ditarik; laporan baru tidak muncul di sini lagi."]
    [row] = [r for r in await audit_rows(regency) if r.action == "coordinator_moved"]
    assert (row.actor_user_id, row.chat_id, row.subject) == (ADMIN, NEW_COORD.chat_id, "koordinator")
    assert row.detail["previous_chat"] == COORD.chat_id and row.detail["agency"] is None

    # the same question pressed again, or the cancelled one forged back: stale, nothing moves
    await admin.press_data(NEW_COORD, question, DeskConfirm(True, None, COORD.chat_id).encode())
    assert regency.toast(admin).startswith("Pertanyaan ini sudah kedaluwarsa")
    await admin.press_data(COORD, question, DeskConfirm(True, None, COORD.chat_id).encode())
    assert regency.toast(admin).startswith("Pertanyaan ini sudah kedaluwarsa")
    async with regency.world.db.uow() as uow:
        assert (await uow.desks.for_agency(None)).chat_id == NEW_COORD.chat_id


async def test_a_question_the_desks_moved_on_from_is_stale(regency: Regency):
    admin = regency.admin
    await admin.command(NEW_COORD, "/meja koordinator")
    first = regency.telegram.last(NEW_COORD.chat_id, "⚠️")
    await regency.bind(PUBLIC, "koordinator")  # meanwhile another group took it (public: asked too)
    await admin.press(NEW_COORD, first, "Ya, jadikan")
    assert first.text.startswith("Pertanyaan ini sudah kedaluwarsa") and first.buttons == []
    async with regency.world.db.uow() as uow:
        assert (await uow.desks.for_agency(None)).chat_id == PUBLIC.chat_id
    await admin.press_data(NEW_COORD, first, "a:desk:y:NOPE:0")  # no such agency
    assert regency.toast(admin).startswith("Pertanyaan ini sudah kedaluwarsa")


async def test_rebinding_an_agency_desk_asks_and_tells_the_old_group(regency: Regency):
    number = await regency.verified_to_pupr()
    regency.world.roster.add(OTHER.chat_id, ADMIN)
    await regency.admin.command(OTHER, "/meja pupr")
    assert "«Meja Dinas PUPR»" in regency.telegram.last(OTHER.chat_id, "⚠️").text
    await regency.bind(OTHER, "PUPR")
    assert "Proses" in str(regency.card(OTHER, number).labels)
    assert last(regency, PUPR).startswith("ℹ️ Grup ini bukan lagi meja Dinas Pekerjaan Umum")
    assert PHONE not in last(regency, PUPR)
    row = (await audit_rows(regency, 1))[0]
    assert (row.action, row.subject, row.detail["previous_chat"]) == ("desk_bound", "PUPR", PUPR.chat_id)
    await regency.admin.command(OTHER, "/meja PUPR")  # already this group's: nothing to ask
    assert last(regency, OTHER).startswith("✅ Grup ini sekarang meja")


async def test_a_public_group_becomes_a_desk_only_when_an_admin_confirms(regency: Regency):
    await regency.admin.command(PUBLIC, "/meja DINKES")
    question = regency.telegram.last(PUBLIC.chat_id, "⚠️")
    assert "Grup ini publik (@info_warga_oku)" in question.text and "nomor telepon" in question.text
    async with regency.world.db.uow() as uow:
        assert await uow.desks.by_chat(PUBLIC.chat_id) is None
    await regency.admin.press(PUBLIC, question, "Ya, jadikan")
    async with regency.world.db.uow() as uow:
        assert (await uow.desks.by_chat(PUBLIC.chat_id)).agency_code == "DINKES"
    row = (await audit_rows(regency, 1))[0]
    assert (row.action, row.detail["public"], row.detail["previous_chat"]) == ("desk_bound", True, None)


async def test_staff_in_english_read_the_admin_texts_in_english(db):
    regency = Regency(World(db, admin_ids=frozenset({ADMIN}), staff_language="en"))
    await regency.admin.command(COORD, "/meja koordinator")
    await regency.admin.command(PUBLIC, "/meja PUPR")
    assert "This group is public (@info_warga_oku)" in regency.telegram.last(PUBLIC.chat_id, "⚠️").text
    await regency.admin.command(COORD, "/cari jalan")
    assert last(regency, COORD).startswith("🔒 /cari shows personal data")
    await regency.admin.command(regency.admin.dm, "/cabut 2001")
    assert last(regency, regency.admin.dm) == "User 2001 is not an admin granted by command; nothing was revoked."
