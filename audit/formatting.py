"""The one readable form of an event's details, for the list page and the Excel export alike."""

LABELS = {
    "changes": "变更", "fields": "内容", "from": "原状态", "to": "新状态", "comment": "意见", "captions": "注明",
    "photos": "照片编号", "file": "文件", "created": "新增", "updated": "更新", "retired": "移除", "year": "年度",
    "title": "标题", "tasks": "任务数", "reason": "原因", "method": "请求方式", "filters": "筛选条件",
    "username": "用户名", "ip": "地址", "by": "方式", "departments": "科室", "add": "加入", "remove": "移出",
    "clear": "清空",
}
VALUES = {True: "是", False: "否", None: "空", "self": "本人修改", "reset": "创文办重置"}


def _value(value) -> str:
    if isinstance(value, bool) or value is None or value == "":
        return VALUES.get(value, "空")
    if isinstance(value, list):
        return "、".join(_value(item) for item in value) or "空"
    if isinstance(value, dict):
        return "，".join(f"{LABELS.get(k, k)}：{_value(v)}" for k, v in value.items())
    return VALUES.get(value, str(value)) if isinstance(value, str) else str(value)


def details_text(details: dict) -> str:
    parts = []
    for key, value in details.items():
        if key == "changes":
            parts += [f"{field}：{_value(old)} → {_value(new)}" for field, (old, new) in value.items()]
        elif value not in ("", None, [], {}):
            parts.append(f"{LABELS.get(key, key)}：{_value(value)}")
    return "；".join(parts)
