"""The coordinator records a self-assessed score; mistakes come back in Chinese beside the field,
and the leader reads the detail on a phone."""

import re
from decimal import Decimal

from playwright.sync_api import expect

from frameworks.models import Task
from scores.models import TaskScore


def test_coordinator_enters_a_self_assessed_score_and_the_leader_reads_it(open_page, shoot, imported, live_server):
    organisation, people = imported
    task = Task.objects.get(section__framework__organisation=organisation, ref="创建氛围-2")

    desk = open_page(people["coordinator"])
    desk.get_by_role("link", name="得分明细", exact=True).click()
    expect(desk.get_by_role("link", name="得分明细", exact=True)).to_have_attribute("aria-current", "page")
    expect(desk.get_by_role("heading", name="得分明细")).to_be_visible()
    desk.get_by_label("分表").select_option(label="共性任务")
    desk.get_by_role("button", name="查看").click()
    row = desk.locator(f"#task-{task.pk}")
    expect(row).to_contain_text("未开始")
    shoot(desk, "scores-01-list")
    row.get_by_role("link", name="评分").click()
    expect(desk.get_by_role("heading", name=re.compile("制作悬挂"))).to_be_visible()

    # A score without its reason: refused, with the reason field marked and the score kept.
    desk.get_by_label("自评分").fill("1.5")
    desk.get_by_role("button", name="保存自评分").click()
    expect(desk.get_by_text("请填写自评理由")).to_be_visible()
    expect(desk.get_by_label("自评分")).to_have_value("1.5")
    assert not TaskScore.objects.filter(task=task, self_score__isnull=False).exists()
    shoot(desk, "scores-02-missing-reason")

    desk.get_by_label("自评理由").fill("宣传广告已悬挂，但围墙部分尚未更新")
    desk.get_by_role("button", name="保存自评分").click()
    expect(desk.get_by_text(f"已保存 共性任务 {task.ref} 的评分")).to_be_visible()
    assert TaskScore.objects.get(task=task).self_score == Decimal("1.5")
    expect(desk.locator(f"#task-{task.pk}")).to_contain_text("1.5")

    leader = open_page(people["leader"], phone=True)
    leader.goto(f"{live_server.url}/scores/list/")
    expect(leader.get_by_text(re.compile(r"自评分\s*1\.5"))).to_be_visible()
    expect(leader.get_by_role("link", name="评分")).to_have_count(0)  # only 创文办 enters scores
    shoot(leader, "scores-03-list-leader-phone")
