package synth

// weighted is a value with how often it is drawn, relative to the others.
type weighted struct {
	value  string
	weight int
}

// countryWeights are the countries of the shipped ROR extract with their
// record counts, so synthetic data leans on Japan and India as the real
// data does.
var countryWeights = []weighted{
	{"JP", 5479}, {"IN", 1855}, {"ID", 809}, {"KR", 750}, {"CN", 300}, {"DE", 300}, {"FR", 300}, {"GB", 300},
	{"US", 300}, {"VN", 192}, {"PH", 181}, {"TW", 157}, {"MY", 148}, {"SG", 137}, {"TH", 134},
}

// kindWeights follow the kinds of the ROR extract, with a share of the
// kinds that only Setu records (startups, labs, investors, hubs).
var kindWeights = []weighted{
	{"university", 3335}, {"company", 2473}, {"non-profit", 1882}, {"research-institute", 1313},
	{"healthcare", 1268}, {"government", 647}, {"other", 378}, {"funder", 46},
	{"startup", 900}, {"industrial-lab", 200}, {"investor", 120}, {"tech-hub", 80},
}

// place is a city with its name in the country's own script, if it has
// one besides Latin.
type place struct{ latin, native string }

// places are a few cities per country. Names in the native script are
// what labels are made of.
var places = map[string][]place{
	"JP": {{"Tokyo", "東京"}, {"Osaka", "大阪"}, {"Kyoto", "京都"}, {"Nagoya", "名古屋"}, {"Sapporo", "札幌"}, {"Fukuoka", "福岡"},
		{"Sendai", "仙台"}, {"Kobe", "神戸"}, {"Hiroshima", "広島"}, {"Yokohama", "横浜"}, {"Tsukuba", "筑波"}, {"Kanazawa", "金沢"}},
	"IN": {{"Bengaluru", "बेंगलुरु"}, {"Delhi", "दिल्ली"}, {"Mumbai", "मुंबई"}, {"Chennai", "चेन्नई"}, {"Hyderabad", "हैदराबाद"},
		{"Pune", "पुणे"}, {"Kolkata", "कोलकाता"}, {"Kanpur", "कानपुर"}, {"Jaipur", "जयपुर"}, {"Lucknow", "लखनऊ"}},
	"ID": {{"Jakarta", ""}, {"Bandung", ""}, {"Surabaya", ""}, {"Yogyakarta", ""}, {"Medan", ""}, {"Makassar", ""}},
	"KR": {{"Seoul", "서울"}, {"Busan", "부산"}, {"Daejeon", "대전"}, {"Incheon", "인천"}, {"Daegu", "대구"}, {"Gwangju", "광주"},
		{"Pohang", "포항"}, {"Suwon", "수원"}},
	"CN": {{"Beijing", "北京"}, {"Shanghai", "上海"}, {"Shenzhen", "深圳"}, {"Hangzhou", "杭州"}, {"Wuhan", "武汉"}, {"Nanjing", "南京"}},
	"DE": {{"Berlin", ""}, {"Munich", ""}, {"Stuttgart", ""}, {"Dresden", ""}, {"Aachen", ""}},
	"FR": {{"Paris", ""}, {"Lyon", ""}, {"Grenoble", ""}, {"Toulouse", ""}, {"Saclay", ""}},
	"GB": {{"London", ""}, {"Cambridge", ""}, {"Oxford", ""}, {"Edinburgh", ""}, {"Manchester", ""}},
	"US": {{"Boston", ""}, {"Austin", ""}, {"Seattle", ""}, {"Pittsburgh", ""}, {"Palo Alto", ""}},
	"VN": {{"Hanoi", "Hà Nội"}, {"Ho Chi Minh City", "Thành phố Hồ Chí Minh"}, {"Da Nang", "Đà Nẵng"}, {"Hue", "Huế"}, {"Can Tho", "Cần Thơ"}},
	"PH": {{"Manila", ""}, {"Quezon City", ""}, {"Cebu", ""}, {"Davao", ""}},
	"TW": {{"Taipei", "臺北"}, {"Hsinchu", "新竹"}, {"Tainan", "臺南"}, {"Taichung", "臺中"}},
	"MY": {{"Kuala Lumpur", ""}, {"Penang", ""}, {"Johor Bahru", ""}, {"Cyberjaya", ""}},
	"SG": {{"Singapore", ""}},
	"TH": {{"Bangkok", "กรุงเทพ"}, {"Chiang Mai", "เชียงใหม่"}, {"Khon Kaen", "ขอนแก่น"}, {"Songkhla", "สงขลา"}},
}

// fields are what an institute or a company works on; the words are
// common ones in the registry's names.
var fields = []string{
	"Technology", "Science", "Engineering", "Medicine", "Agriculture", "Informatics", "Robotics", "Energy",
	"Materials", "Semiconductors", "Data Science", "Artificial Intelligence", "Public Health", "Marine Science",
	"Electronics", "Telecommunications", "Biotechnology", "Mathematics", "Design", "Economics",
}

// kindPatterns are English name patterns per kind; %p is a place, %f a
// field, %b a brand name.
var kindPatterns = map[string][]string{
	"university":         {"University of %p", "%p University", "%p University of %f", "%p Institute of %f", "%b University"},
	"company":            {"%b Corporation", "%b %f Co., Ltd.", "%p %f Industries", "%b Holdings", "%b Systems"},
	"non-profit":         {"%p Society for %f", "%f Association of %p", "%b Foundation", "Friends of %f %p"},
	"research-institute": {"%p Institute for %f Research", "National Institute of %f", "%b Research Centre", "%p %f Laboratory"},
	"healthcare":         {"%p General Hospital", "%p Medical Center", "%b Hospital", "%p Cancer Centre"},
	"government":         {"Ministry of %f", "%p Agency for %f", "National %f Authority", "%p City Office"},
	"other":              {"%b Archive", "%p %f Museum", "%b Centre"},
	"funder":             {"%p %f Fund", "%b Foundation for %f"},
	"startup":            {"%b AI", "%b Labs", "%b Robotics", "%b %f"},
	"industrial-lab":     {"%b %f Lab", "%b Research"},
	"investor":           {"%b Ventures", "%b Capital", "%p %f Partners"},
	"tech-hub":           {"%p %f Hub", "%b Innovation Park"},
}

// nativeSuffix is the word for a kind of organisation in each script that
// labels use, by language.
var nativeSuffix = map[string]map[string]string{
	"ja": {"university": "大学", "research-institute": "研究所", "healthcare": "病院", "company": "株式会社", "government": "庁", "": "協会"},
	"zh": {"university": "大学", "research-institute": "研究院", "healthcare": "医院", "company": "有限公司", "government": "局", "": "协会"},
	"ko": {"university": "대학교", "research-institute": "연구원", "healthcare": "병원", "company": "주식회사", "government": "청", "": "협회"},
	"th": {"university": "มหาวิทยาลัย", "research-institute": "สถาบันวิจัย", "healthcare": "โรงพยาบาล", "company": "บริษัท", "government": "กรม", "": "สมาคม"},
	"hi": {"university": "विश्वविद्यालय", "research-institute": "अनुसंधान संस्थान", "healthcare": "अस्पताल", "company": "लिमिटेड", "government": "विभाग", "": "संघ"},
	"vi": {"university": "Trường Đại học", "research-institute": "Viện Nghiên cứu", "healthcare": "Bệnh viện", "company": "Công ty", "government": "Cục", "": "Hội"},
}

// nativeMiddle are words that go between place and suffix in a label, so
// labels differ within a city.
var nativeMiddle = map[string][]string{
	"ja": {"工業", "医科", "理科", "国際", "情報", "農業", "電気", "先端科学", "海洋", "外国語"},
	"zh": {"工业", "医科", "理工", "国际", "信息", "农业", "电子", "科技", "海洋", "师范"},
	"ko": {"과학기술", "의과", "국제", "정보통신", "농업", "전자", "해양", "공과", "산업", "바이오"},
	"th": {"เทคโนโลยี", "การแพทย์", "นานาชาติ", "สารสนเทศ", "เกษตร", "วิศวกรรม", "ทางทะเล", "ราชภัฏ"},
	"hi": {"प्रौद्योगिकी", "चिकित्सा", "अंतर्राष्ट्रीय", "सूचना", "कृषि", "विज्ञान", "इंजीनियरिंग", "राष्ट्रीय"},
	"vi": {"Bách khoa", "Y khoa", "Quốc tế", "Công nghệ Thông tin", "Nông nghiệp", "Khoa học", "Kỹ thuật", "Kinh tế"},
}

// labelLang is the language of the label that organisations of a country
// carry, when they carry one.
var labelLang = map[string]string{"JP": "ja", "CN": "zh", "TW": "zh", "KR": "ko", "TH": "th", "IN": "hi", "VN": "vi"}

// syllables make brand names: 40^3 of them, so a brand word is rare.
var syllables = []string{
	"ka", "zen", "tri", "vo", "lu", "mi", "sa", "tor", "nex", "qua", "ri", "do", "fen", "gal", "hy", "io",
	"jun", "kor", "lex", "mor", "nu", "or", "pra", "quo", "ran", "sil", "tek", "ul", "ven", "wis", "xa", "yo",
	"zu", "bel", "cin", "dra", "eon", "fir", "gen", "hal",
}

// capabilityTexts are offers and needs; %d is a domain label.
var capabilityTexts = []string{
	"GPU cluster time for training %d models", "Annotated data sets for %d", "Engineers experienced in %d",
	"Pilot sites for %d deployments", "Joint research on %d", "Chip design services for %d",
	"Funding for %d startups", "Evaluation benchmarks for %d", "Edge devices for %d", "Policy advice on %d",
}
