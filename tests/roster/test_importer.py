"""Importing a roster: the demo township, idempotence, and clear errors for bad files."""

from pathlib import Path

import pytest
from sqlmodel import func, select

from roster.importer import RosterError, import_roster, load
from roster.models import Canteen, Channel, Group, Person, Role, Township, Village

DEMO = Path(__file__).resolve().parents[2] / "examples" / "huangtuling.yaml"

SHAPE = """
township: 皇图岭镇
villages:
  - name: 麻城村
    officials: [{name: 颜昌琪, phone: "13800000001", openid: o_yan}]
    farmers: [{name: 李佰飞, phone: 13800000002}]
    groups: [{name: 麻城村村民群, channel: sandbox}]
  - name: 石桥村
    groups: [{name: 石桥村村民群, channel: wecom_robot, key: ROBOT_KEY}]
canteens:
  - name: 皇图岭镇政府食堂
    address: 镇政府院内
    buyers: [{name: 刘友良, openid: o_liu}]
"""


def counts(session) -> dict:
    return {model.__name__: session.exec(select(func.count()).select_from(model)).one()
            for model in (Township, Village, Group, Canteen, Person)}


def test_the_issue_shape_imports(db):
    with db.transaction() as session:
        report = import_roster(session, load(SHAPE))
        assert counts(session) == {"Township": 1, "Village": 2, "Group": 2, "Canteen": 1,
                                   "Person": 3}
        li = session.exec(select(Person).where(Person.name == "李佰飞")).one()
        assert li.role == Role.farmer and li.phone == "13800000002" and li.openid is None
        robot = session.exec(select(Group).where(Group.name == "石桥村村民群")).one()
        assert robot.channel == Channel.wecom_robot and robot.robot_key == "ROBOT_KEY"
    assert report.created["person"] == 3


def test_importing_again_updates_and_never_duplicates(db):
    with db.transaction() as session:
        import_roster(session, load(SHAPE))
    changed = SHAPE.replace('phone: 13800000002', 'phone: "13900000009"')
    with db.transaction() as session:
        report = import_roster(session, load(changed))
        assert counts(session)["Person"] == 3
        assert report.created == {} and report.updated == {"person": 1}
        li = session.exec(select(Person).where(Person.name == "李佰飞")).one()
        assert li.phone == "13900000009"


def test_the_demo_township_of_the_story(db):
    with db.transaction() as session:
        import_roster(session, load(DEMO.read_text(encoding="utf-8")))
        assert counts(session)["Village"] == 26 and counts(session)["Group"] == 26
        macheng = session.exec(select(Village).where(Village.name == "麻城村")).one()
        officials = session.exec(select(Person.name).where(
            Person.village_id == macheng.id, Person.role == Role.official)).all()
        assert set(officials) == {"颜昌琪", "焦湘平"}
        kinds = set(session.exec(select(Canteen.kind)).all())
        assert kinds == {"canteen", "school", "supermarket"}
        buyer = session.exec(select(Person).where(Person.name == "刘友良")).one()
        canteen = session.get(Canteen, buyer.canteen_id)
        assert canteen.name == "皇图岭镇政府食堂"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("township: [", "not valid YAML"),
        ("villages: []", "township"),
        ("township: 镇\nvillages:\n  - name: 村\n    groups: [{name: 群, channel: wecom_robot}]",
         "needs its key"),
        ("township: 镇\nvillages:\n  - name: 村\n    groups: [{name: 群, channel: pigeon}]",
         "channel"),
        ("township: 镇\nvilages: []", "vilages"),
    ],
)
def test_a_bad_file_is_refused_with_the_reason(text, reason):
    with pytest.raises(RosterError, match=reason):
        load(text)


def test_one_openid_cannot_belong_to_two_people(db):
    clash = SHAPE.replace("{name: 刘友良, openid: o_liu}", "{name: 刘友良, openid: o_yan}")
    with db.transaction() as session, pytest.raises(RosterError, match="already bound"):
        import_roster(session, load(clash))
