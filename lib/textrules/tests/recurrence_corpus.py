"""Frequencies in the styles of schools, hospitals, city offices and bureaus (not copied from the bundled
table), each with its recurrences as (unit, interval, min_count, max_count)."""

CORPUS = {
    # no written count: once per period
    "每月开展一次“文明餐桌”主题宣传。": [("month", 1, 1, None)],
    "每月开展“道德讲堂”活动。": [("month", 1, 1, None)],
    "每季度收集整理志愿服务活动资料。": [("quarter", 1, 1, None)],
    "每周更新电子显示屏创文宣传内容。": [("week", 1, 1, None)],
    "每年组织开展文明家庭评选。": [("year", 1, 1, None)],
    "年内组织开展一次全员文明礼仪培训。": [("year", 1, 1, None)],
    "年内召开文明创建推进会。": [("year", 1, 1, None)],
    "每学期开展心理健康教育讲座。": [("semester", 1, 1, None)],
    "每学期至少召开2次家长会。": [("semester", 1, 2, None)],
    "每半月组织一次校园周边环境巡查。": [("halfmonth", 1, 1, None)],
    "每半个月更新一次宣传栏。": [("halfmonth", 1, 1, None)],
    "按季度报送创建工作进展情况。": [("quarter", 1, 1, None)],
    "按月上报志愿服务统计数据。": [("month", 1, 1, None)],
    "每半年开展一次文明科室评比。": [("halfyear", 1, 1, None)],
    "每2个月组织开展一次道德讲堂。": [("month", 2, 1, None)],
    "每两个月召开一次领导小组会议。": [("month", 2, 1, None)],
    "每两周开展一次院内环境卫生检查。": [("week", 2, 1, None)],
    "每个季度开展一次“我们的节日”主题活动。": [("quarter", 1, 1, None)],
    "每年度开展一次创建工作总结表彰。": [("year", 1, 1, None)],
    # written counts, ranges
    "全年开展志愿服务活动不少于12次。": [("year", 1, 12, None)],
    "全年组织开展2-3次文明出行主题活动。": [("year", 1, 2, 3)],
    "全年刊发创文稿件至少6篇。": [("year", 1, 6, None)],
    "每月报送工作信息不少于2条。": [("month", 1, 2, None)],
    "每季度出刊一期创文专刊。": [("quarter", 1, 1, None)],
    "每周至少播放公益广告3次。": [("week", 1, 3, None)],
    "每年举办不少于4场健康教育讲座。": [("year", 1, 4, None)],
    "每学期组织学生参加社区志愿服务1至2次。": [("semester", 1, 1, 2)],
    "每月25日前报送上月创建工作台账。": [("month", 1, 1, None)],
    # counts inheriting the period across a comma
    "每月开展一次安全隐患排查，报送排查情况2条。": [("month", 1, 1, None), ("month", 1, 2, None)],
    "每季度召开一次调度会，通报创建进展1次。": [("quarter", 1, 1, None), ("quarter", 1, 1, None)],
    "每周开展文明劝导，上传活动照片5条。": [("week", 1, 1, None), ("week", 1, 5, None)],
    # several periods in one text
    "每月至少报送信息1条，全年被采用不少于4条。": [("month", 1, 1, None), ("year", 1, 4, None)],
    "每周清扫一次楼道，每月开展一次大扫除。": [("week", 1, 1, None), ("month", 1, 1, None)],
    "每季度研究一次创建工作，每半年向上级报告一次。": [("quarter", 1, 1, None), ("halfyear", 1, 1, None)],
    # written after the parser was done and measured once untouched (4 of 5 found: 每学年 was missed)
    "每月底前报送一次创建工作进展。": [("month", 1, 1, None)],
    "每学年开展一次文明校园评选。": [("year", 1, 1, None)],
    "每季度末召开一次联席会议，形成会议纪要1份。": [("quarter", 1, 1, None)],
    "全年不少于4期黑板报。": [("year", 1, 4, None)],
    "每个月至少开展2次卫生大扫除。": [("month", 1, 2, None)],
    # no duty: a state, not an action
    "单位全年无重大安全生产事故发生。": [],
    "年内无违法违纪案件。": [],
    "每次活动结束后及时归档。": [],
}
