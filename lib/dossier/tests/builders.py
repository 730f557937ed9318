"""Small dossiers built from generated photos for the writer tests."""

import io

from lib.dossier.model import Activity, Attachment, Cover, DossierTask, Photo, RequirementLine
from lib.media.tests import samples

COVER = Cover(unit="测试司法局", year=2026, title="2026年度创建全国文明城市工作台账", subtitle="全表",
              date="2026年12月1日")


def photo(number: int, *, size=(1200, 900), orientation: int | None = None, subject="道德讲堂") -> Photo:
    params = {"quality": 85}
    if orientation:
        params["exif"] = samples.exif(orientation=orientation)
    data = samples.encode(samples.photo(size, seed=number), "JPEG", **params)
    return Photo(number=number, captions=(("时间", "2026年3月5日"), ("地点", "三楼会议室"), ("主题", subject)),
                 open=lambda: io.BytesIO(data))


def task(photos=(), **overrides) -> DossierTask:
    activity = Activity(title="第一期道德讲堂", date="2026-03-05", department="行财科", status="已通过",
                        fields=(("说明报告", "我局举办道德讲堂，参加人员60人。"),),
                        attachments=(Attachment("方案（计划）", "道德讲堂方案.docx"),), photos=tuple(photos))
    values = dict(ref="创建氛围-2", section="共性任务", category="创建氛围", text="制作悬挂公益宣传广告", points="2分",
                  departments="行财科", requirements=(RequirementLine("方案（计划）", True),
                                                     RequirementLine("照片 至少5张", False)),
                  activities=(activity,))
    return DossierTask(**{**values, **overrides})
