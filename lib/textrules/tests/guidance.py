"""Every 工作建议 / 工作要求 text of the 益阳市司法局 task table fixture, verbatim."""

ORG_LEADERSHIP = "成立我局创建全国文明城市工作领导小组，局长任领导小组组长，政治部主任任副组长，各相关责任业务科室负责人为领导小组成员。成立我局创建全国文明城市工作办公室，办公室主任由政治部副主任担任，办公室成员由各责任科（室）负责文明创建工作的人员组成，具体承办本科（室）对应的文明创建工作事项，担任本科（室）文明创建工作专职资料员。创建工作经费由局机关预算安排。"
ORG_DISPATCH = "每季度召开一次文明创建工作调度会议，由领导小组督查协调文明创建工作，加强文明创建工作机制建设，建立领导机制、调度机制、督查机制、问责机制、奖励机制。"
ORG_INFORMATION = (
    "各责任科（室）专职资料员及时收集整理本科室文明创建工作信息，局机关办公室负责文明创建工作信息的上报。"
)
ORG_LIAISON = "政治部负责上传下达，联络协调、收集报送，各责任科（室）及时提供相关资料。"
ORG_ARCHIVE = (
    "各责任科室专职资料员负责本科室文明创建工作纸质、电子资料的梳理上报。政治部负责资料的整理、汇总、报送。"
)
ATMOSPHERE_MEDIA = "此项工作信息网站由局机关办公室负责，其他由行财科实施。行财科负责收集至少5张照片。"
ATMOSPHERE_ADS = "此项工作由行财科负责实施。收集至少5张照片。"
ATMOSPHERE_TRAINING = "创建全国文明城市工作基本知识的教育培训工作由司考教培科负责，社会主义核心价值观的宣传工作由机关党委、各党支部负责实施。"
STUDY_SYSTEM = "此项工作由机关党委、纪检组（监察室）负责实施。各类活动要有方案（计划），至少5张照片和总结。"
STUDY_LECTURES = "局机关开设“法治讲坛”、“道德讲坛”，教培科、法规科负责邀请市委讲师团、普法讲师团等专职老师进行传统道德、法治意识、国家意识、社会责任意识和家庭意识等专题讲座，建立图书阅览室等加强道德文化宣传，提高干部职工道德文化素养。行财科负责经费保障。各类活动要有方案（计划），至少5张照片和总结。"
ACTIVITY_CIVILISED_UNITS = "启动文明单位、文明家庭创建活动，邀请市文明办领导到我局进行文明单位文明家庭创建的宣传动员，主动向市文明办领导汇报我局工作开展情况，积极学习已创建文明单位工作经验，对照创建文明单位标准积极开展、完善各项创建工作。积极推荐符合条件的家庭申报文明家庭，力争评选出道德模范家庭、环保低碳家庭、书香学习家庭等文明家庭，促进机关“讲文明、树新风”、文明单位创建、文明家庭创建等活动的深入进行。各类活动要有方案（计划），至少5张照片和总结。"
ACTIVITY_THEMES = "根据业务工作特点开展创文主题活动，如：开展“法治益阳创建”、“情暖高墙”、“法润三湘”等专题宣传活动。各职能科室负责活动开展及活动资料的收集，政治部负责活动资料的整理上报。各类活动要有方案（计划），至少5张照片和总结。"
ACTIVITY_THREE_GUARANTEES = "有制度、有方案（计划），至少5张照片和总结。"
ACTIVITY_CHARITY = "由机关党委、工会负责扶贫帮困、社会捐赠活动，人事科负责无偿献血活动。行财科负责经费保障。各类活动要有方案（计划），至少5张照片和总结。"
ACTIVITY_SECURITY = "负责机关院落治安、安全生产及维稳工作。要有方案（计划）和总结。"
VOLUNTEER_REGISTRATION = "由各科室积极宣传发动，人事科制定奖励措施，形成鼓励干职工积极参与志愿者服务的良好氛围，促进我局志愿服务的开展。"
VOLUNTEER_ACTIVITIES = "由人事科负责收集各类志愿者活动信息，适时组织局机关志愿者参加相关志愿活动，各业务科室组织各特色志愿者活动，及时收集志愿活动资料。各类活动要有方案（计划），至少5张照片和总结。"
MINORS = "此项工作由人事科负责实施。各类活动要有方案（计划），至少5张照片和总结。"
III5_LEGAL_AWARENESS = "社会面上的工作由法制宣传科负责。法治意识活动要有方案（计划），至少5张照片和总结。"
III17_VOLUNTEER_SERVICE = "1、由人事科、机关党委负责组织实施关爱机关所在社区的空巢老人、留守儿童、困难职工、残疾人志愿者活动；\n\n2、办公室、行财科负责开展文明旅游，文明交通，文明上网等志愿服务活动，组织志愿服务对开展志愿服务。由行财科负责后勤保障。各类活动要有方案（计划），至少5张照片和总结。\n3、法制宣传科、律公科、司鉴科、基层科、法援科、法援中心（公共法律服务中心）、银鑫公证处负责组织各专业志愿服务队进社区，提供法律专业志愿服务队到社区开展志愿服务活动的情况（500字的说明报告、5张图片)。"
III29_LAW_POPULARISATION = "此项工作由法治宣传科负责实施。各类活动要有方案（计划），至少5张照片和总结。"
III30_LEGAL_SERVICES = "1） 健全公共法律服务体系由法援科拟定整体工作实施方案，逐步建立健全我市公共法律服务体系体系。\n2） 由人事科负责机关未成年人思想道德建设，各类活动要有方案（计划），至少5张照片和总结。\n5）机关相关工作由人事科负责。社矫人员中未成年人的关心关爱由社矫科负责。各类活动要有方案（计划），至少5张照片和总结。"
III69_PUBLIC_SECURITY = "刑满释放人员的服务管理工作。各类活动要有方案（计划），至少5张照片和总结。"
ONLINE_II2_STUDY_RULES = (
    "分别提供党委（党组）2013年以来建立完善学习指导的规范文件。\n\n（电子文档、红头页、盖章页扫描图）"
)
ONLINE_III4_POLICY_EDUCATION = (
    "2016年运用展示展览等形式开展形势政策教育的情况（说明报告500字、现场照片，每张注明时间、地点、主题）"
)
ONLINE_III5_THEORY_STUDY = "提供组织党员干部学习中国特色社会主义理论的情况说明（说明报告500字），并提供不少于5张活动照片或样报图片或视频截图（每张图片注明时间、主办单位、学习主题）。"
ONLINE_III5_CHINA_ROAD = "组织参加市有关部门在重要时间节点（清明、五一、五四、六一、七一、八一、十一及抗战胜利纪念日、烈士纪念日、国家公祭日等）举办的相关活动，运用网上访谈、基层宣讲、展览展示、演讲征文等方式组织开展中国道路宣传教育的情况（说明报告500左右），每种方式提供3张活动照片或样报图片或视频截图（每张图片需注明时间、主办单位、活动主题 ）。"
ONLINE_III9_LECTURE_HALLS = "说明2016年本单位运用道德讲堂、法治讲坛等开展核心价值观教育的情况（说明报告500字左右），并提供10个道德讲堂或文化讲堂开展核心价值观教育的实景图片（每个讲堂2张图片，每张图片注明讲堂名称、主办单位、活动时间、活动主题）。"
ONLINE_III10_ROLE_MODELS = "说明本系统、本单位广泛发现和树立各类先进典型，推动形成群星灿烂和七星共明的先进群体格局的情况(说明报告，实景图片)"
ONLINE_III13_FESTIVALS = "说明2016年至少3个传统节日期间全市开展主题活动的情况（说明报告600字左右），每个节日需要提供现场照片10张（每张照片需注明时间、主办单位、活动主题）。"
ONLINE_III20_AD_SYSTEM = "1）刊播 “讲文明树新风”公益广告和 “图说我们的价值观”通稿；                                              2）自行制作刊播高质量、有新意的公益广告作品；"
ONLINE_III21_AD_WORKS = (
    "提供本市依据年度宣传主题（法治精神），自行设计制作的公益广告作品（实景图片，不少于2张作品的图片）。"
)
ONLINE_III29_PLANNING = "1、 提供落实全国七五普法规划的规范文件。\n\n2、提供反映市委组织部、宣传部和市司法局、人社局贯彻落实《关于完善国家工作人员学法用法制度的意见》的规范文件"
ONLINE_III29_RESPONSIBILITY = "①说明本市律师以案释法制度的情况（说明报告500字、实景图片3张）\n\n②提供本市2016年普法讲师团、普法志愿者队伍建设的活动开展情况（统计表格）,并提供开展活动的3张样报图片或视频截图或现场照片（每张图片注明时间、参加人员、活动主题）。"
ONLINE_III29_CULTURE = "①说明法治宣传进乡村、进社区、进企业、进单位活动开展情况（说明报告500字，每类实景图片3张）\n\n②说明本市开展“国家宪法日”法治文化活动的情况（活动方案，说明报告500字，实景图片5张）"
ONLINE_III30_LEGAL_AID = "①提供本市健全公共法律服务体系的规范文件。\n\n②统计由财政保障的市级法律援助机构的数量以及市级财政经费投入的总量（说明报告300左右）"
ONLINE_III51_NET_CHARITY = "设计开展的特色网络公益活动项目，并提供所在网址（说明报告200字左右）"
ONLINE_III85_WINDOW_UNITS = (
    "提供本市窗口单位开展文明行业创建的情况（说明报告，每个单位300字左右、实景图片3张）。"
)
INSPECTION_COMPOUND = "1、 地面。干净整洁，地面平整，无污水横流。\n\n2、楼道。看是否畅通，没有牛皮癣，楼道玻璃是否完好，消防设置是否齐全有效。\n\n3、生活垃圾定点投放，分类收集。要有垃圾分类收集箱。\n\n4、宣传教育。要有多种形式，宣传展示核心价值观、精神文明创建情况，邻里和睦、守望相助的居民公约。\n\n5、公共场所禁烟，有禁烟标示。"
INSPECTION_SURVEY = "住户对当地创建工作满意，或者是积极参与文明创建工作，对当地参与文明创建赞成。"
INSPECTION_HOTLINE = "1、 有报必接，有问必答。\n\n2、 反映迅速，用语文明。\n\n3、 电话畅通，认真接听。\n\n4、 服务热情，业务熟练。"
ADS_COURTYARD = "1、行财科负责庭院围墙张贴悬挂公益宣传广告，不少于围墙面积的60%；院内有创文宣传栏，面积不小于2.4㎡；绿化带内有文明提示牌；大厅内有结合行业特色的文明行文规划和公益宣传；楼道、走道要随处可见遵德守礼提示牌等宣传内容；会议室、道德讲堂内要有特色鲜明的公益宣传广告；\n\n2、司考教培科负责道德讲堂组织机构上墙、制度上墙，课表上墙，做到有计划、有讲义、有讲课记录、有听课笔记。\n\n3、行财科负责单位食堂外醒目位置设置文明餐桌宣传栏，面积不小于2.4㎡，食堂内每个餐桌上要有节俭养德，文明餐桌提示牌，食堂大厅四周要有不少于6处文明餐桌宣传提示牌，且面积不小于0.6m*0.8m。\n\n4、强戒科负责督促市强戒所完成以上任务。"
ADS_RESIDENTIAL = "1、围墙上要求有不少于围墙面积60%的公益广告宣传内容。绿化带内每10m可见一处文明提示牌；晨练区有不少于两块公益广告宣传栏，面积不小于2.4㎡/块；居住区每楼栋入口处要有一块社会主义核心价值观和益阳市市民守则宣传牌，面积不小于0.6m*0.8m，电梯内要有一处以上公益广告宣传内容，面积不小于0.6m*0.8m。\n\n2、强戒科负责督促市强戒所完成以上任务。"

ALL = {
    "ORG_LEADERSHIP": ORG_LEADERSHIP,
    "ORG_DISPATCH": ORG_DISPATCH,
    "ORG_INFORMATION": ORG_INFORMATION,
    "ORG_LIAISON": ORG_LIAISON,
    "ORG_ARCHIVE": ORG_ARCHIVE,
    "ATMOSPHERE_MEDIA": ATMOSPHERE_MEDIA,
    "ATMOSPHERE_ADS": ATMOSPHERE_ADS,
    "ATMOSPHERE_TRAINING": ATMOSPHERE_TRAINING,
    "STUDY_SYSTEM": STUDY_SYSTEM,
    "STUDY_LECTURES": STUDY_LECTURES,
    "ACTIVITY_CIVILISED_UNITS": ACTIVITY_CIVILISED_UNITS,
    "ACTIVITY_THEMES": ACTIVITY_THEMES,
    "ACTIVITY_THREE_GUARANTEES": ACTIVITY_THREE_GUARANTEES,
    "ACTIVITY_CHARITY": ACTIVITY_CHARITY,
    "ACTIVITY_SECURITY": ACTIVITY_SECURITY,
    "VOLUNTEER_REGISTRATION": VOLUNTEER_REGISTRATION,
    "VOLUNTEER_ACTIVITIES": VOLUNTEER_ACTIVITIES,
    "MINORS": MINORS,
    "III5_LEGAL_AWARENESS": III5_LEGAL_AWARENESS,
    "III17_VOLUNTEER_SERVICE": III17_VOLUNTEER_SERVICE,
    "III29_LAW_POPULARISATION": III29_LAW_POPULARISATION,
    "III30_LEGAL_SERVICES": III30_LEGAL_SERVICES,
    "III69_PUBLIC_SECURITY": III69_PUBLIC_SECURITY,
    "ONLINE_II2_STUDY_RULES": ONLINE_II2_STUDY_RULES,
    "ONLINE_III4_POLICY_EDUCATION": ONLINE_III4_POLICY_EDUCATION,
    "ONLINE_III5_THEORY_STUDY": ONLINE_III5_THEORY_STUDY,
    "ONLINE_III5_CHINA_ROAD": ONLINE_III5_CHINA_ROAD,
    "ONLINE_III9_LECTURE_HALLS": ONLINE_III9_LECTURE_HALLS,
    "ONLINE_III10_ROLE_MODELS": ONLINE_III10_ROLE_MODELS,
    "ONLINE_III13_FESTIVALS": ONLINE_III13_FESTIVALS,
    "ONLINE_III20_AD_SYSTEM": ONLINE_III20_AD_SYSTEM,
    "ONLINE_III21_AD_WORKS": ONLINE_III21_AD_WORKS,
    "ONLINE_III29_PLANNING": ONLINE_III29_PLANNING,
    "ONLINE_III29_RESPONSIBILITY": ONLINE_III29_RESPONSIBILITY,
    "ONLINE_III29_CULTURE": ONLINE_III29_CULTURE,
    "ONLINE_III30_LEGAL_AID": ONLINE_III30_LEGAL_AID,
    "ONLINE_III51_NET_CHARITY": ONLINE_III51_NET_CHARITY,
    "ONLINE_III85_WINDOW_UNITS": ONLINE_III85_WINDOW_UNITS,
    "INSPECTION_COMPOUND": INSPECTION_COMPOUND,
    "INSPECTION_SURVEY": INSPECTION_SURVEY,
    "INSPECTION_HOTLINE": INSPECTION_HOTLINE,
    "ADS_COURTYARD": ADS_COURTYARD,
    "ADS_RESIDENTIAL": ADS_RESIDENTIAL,
}
