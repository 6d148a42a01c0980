"""Words, names and sentence templates for the synthetic archive.

Curated from the shipped samples (``samples/*.txt``): the committees'
recurring report titles, the clerks' stock phrases ("attended and presented
a report", "Resolved: - That:"), the services and indicators they discuss.
The council, its people and its places are invented.

Templates use ``{slot}`` fields that ``bench.generate`` fills: ``{metric}``,
``{things}``, ``{subject}``, ``{area}``, ``{action}``, ``{programme}`` and
``{team}`` come from the item's domain; ``{pct}``, ``{num}``, ``{money}``,
``{rise}``, ``{partner}``, ``{place}`` and the like are drawn per use;
``{rate}`` is a metric measured as a percentage, ``{count}`` one that counts;
``{person}``, ``{quarter}``, ``{fy}``, ``{month}`` and ``{committee}`` (the
committee's short name, "The Committee") are fixed for the item.
"""

from __future__ import annotations

from typing import NamedTuple

COUNCIL = "Ribblesdale County Council"
MAIL_DOMAIN = "ribblesdale.gov.uk"


class Committee(NamedTuple):
    """A committee and what it discusses.

    Attributes:
        name: Full name as printed.
        short: How its minutes refer to it ("The Cabinet Committee").
        weight: Relative number of meetings.
        domains: Keys of ``DOMAINS`` its items draw on.
        series: Keys of ``SERIES`` that recur on its agenda.
        kind: ``scrutiny``, ``planning``, ``rights-of-way`` or ``council``:
            selects the one-off item templates.
        numbering: ``plain`` (1., 2., ...) or ``minute`` (77/21 style, the
            minute number running through the municipal year).
    """

    name: str
    short: str
    weight: int
    domains: tuple[str, ...]
    series: tuple[str, ...]
    kind: str
    numbering: str


class Series(NamedTuple):
    """A report that comes back to a committee, its title drifting over time.

    Attributes:
        eras: ``(first year, title template)`` pairs, oldest first.
        interval: Fewest days between two appearances.
        domain: Key of ``DOMAINS`` for its text.
    """

    eras: tuple[tuple[int, str], ...]
    interval: int
    domain: str


class Domain(NamedTuple):
    """The words one service area uses."""

    metrics: tuple[str, ...]
    things: tuple[str, ...]
    subjects: tuple[str, ...]
    areas: tuple[str, ...]
    actions: tuple[str, ...]
    programmes: tuple[str, ...]
    roles: tuple[str, ...]
    teams: tuple[str, ...]


COMMITTEES: tuple[Committee, ...] = (
    Committee(
        "Cabinet Committee on Performance Improvement", "The Cabinet Committee", 2,
        ("performance", "children", "adults", "highways", "customer", "workforce"),
        ("corporate-performance", "customer-access", "risk-register", "hr-health-check",
         "ict-partnership"),
        "scrutiny", "plain",
    ),
    Committee(
        "Audit, Risk and Governance Committee", "The Committee", 2,
        ("finance", "performance"),
        ("internal-audit", "governance-statement", "external-audit", "treasury",
         "risk-register"),
        "scrutiny", "plain",
    ),
    Committee(
        "Children's Services Scrutiny Committee", "The Committee", 3,
        ("children", "education"),
        ("children-improvement", "children-looked-after", "scrutiny-work-programme"),
        "scrutiny", "plain",
    ),
    Committee(
        "Pension Fund Committee", "The Committee", 2,
        ("pensions", "finance"),
        ("pension-investment", "pension-budget", "responsible-investment",
         "pension-administration"),
        "scrutiny", "plain",
    ),
    Committee(
        "Development Control Committee", "The Committee", 5,
        ("planning",),
        ("planning-delegated",),
        "planning", "plain",
    ),
    Committee(
        "Health Scrutiny Committee", "The Committee", 3,
        ("health", "adults"),
        ("health-steering-group", "scrutiny-work-programme"),
        "scrutiny", "plain",
    ),
    Committee(
        "Regulatory Committee", "The Committee", 4,
        ("rights-of-way",),
        ("rights-of-way-orders",),
        "rights-of-way", "plain",
    ),
    Committee(
        "Education Scrutiny Committee", "The Committee", 2,
        ("education", "children"),
        ("educational-attainment", "school-places", "scrutiny-work-programme"),
        "scrutiny", "plain",
    ),
    Committee(
        "Employment Committee", "The Committee", 2,
        ("workforce",),
        ("pay-policy", "workforce-profile"),
        "scrutiny", "plain",
    ),
    Committee(
        "Full Council", "The Full Council", 3,
        ("finance", "performance", "highways"),
        ("council-questions", "notices-of-motion", "budget", "cabinet-report"),
        "council", "minute",
    ),
    Committee(
        "Health and Wellbeing Board", "The Board", 2,
        ("health", "adults"),
        ("better-care-fund", "needs-assessment"),
        "scrutiny", "plain",
    ),
    Committee(
        "Environment, Economic Growth and Transport Scrutiny Committee", "The Committee", 2,
        ("highways", "economy"),
        ("highways-programme", "scrutiny-work-programme"),
        "scrutiny", "plain",
    ),
    Committee(
        "Corporate Parenting Board", "The Board", 2,
        ("children",),
        ("children-looked-after",),
        "scrutiny", "plain",
    ),
    Committee(
        "Local Pension Board", "The Board", 1,
        ("pensions",),
        ("pension-administration",),
        "scrutiny", "plain",
    ),
    Committee(
        "Internal Scrutiny Committee", "The Committee", 2,
        ("customer", "workforce", "finance"),
        ("scrutiny-work-programme",),
        "scrutiny", "plain",
    ),
    Committee(
        "Schools Forum", "The Forum", 2,
        ("education",),
        ("school-funding",),
        "scrutiny", "minute",
    ),
    Committee(
        "Adult Social Care Scrutiny Committee", "The Committee", 2,
        ("adults", "health"),
        ("adults-performance", "scrutiny-work-programme"),
        "scrutiny", "plain",
    ),
    Committee(
        "Highways and Transport Committee", "The Committee", 2,
        ("highways",),
        ("highways-programme",),
        "scrutiny", "minute",
    ),
)

SERIES: dict[str, Series] = {
    "corporate-performance": Series(
        (
            (2000, "Quarterly Corporate Performance Monitoring Report - {quarter} {fy}"),
            (2017, "Quarterly Performance Summary Report"),
            (2019, "Corporate Strategy Monitoring report - {quarter} {fy} Performance Update"),
        ),
        80, "performance",
    ),
    "customer-access": Series(
        ((2000, "Customer Access Performance Report"),
         (2018, "Customer Access Service Performance Update - {quarter} {fy}")),
        80, "customer",
    ),
    "risk-register": Series(
        ((2000, "Risk Register {quarter} Report"),
         (2016, "Corporate Risk and Opportunity Register - {quarter} {fy}")),
        80, "finance",
    ),
    "hr-health-check": Series(
        ((2000, "Corporate Human Resources - Health Check Report"),
         (2019, "Workforce Health Check Report - {quarter} {fy}")),
        80, "workforce",
    ),
    "ict-partnership": Series(
        ((2000, "ICT Strategic Partnership Service Governance and Performance Monitoring Report"),
         (2018, "Digital Services Performance Report")),
        170, "customer",
    ),
    "internal-audit": Series(
        ((2000, "Internal Audit Progress Report"),
         (2014, "Internal Audit Service Progress Report - {quarter} {fy}")),
        80, "finance",
    ),
    "governance-statement": Series(
        ((2000, "Annual Governance Statement {fy}"),),
        330, "finance",
    ),
    "external-audit": Series(
        ((2000, "External Audit - Annual Audit Letter {prev_fy}"),
         (2016, "External Auditor's Audit Findings Report {prev_fy}")),
        330, "finance",
    ),
    "treasury": Series(
        ((2000, "Treasury Management Activity {fy}"),
         (2015, "Treasury Management Strategy Mid-Year Review {fy}")),
        170, "finance",
    ),
    "children-improvement": Series(
        ((2000, "Children's Social Care Performance Report"),
         (2015, "Ofsted Post Inspection Update"),
         (2019, "Children's Services Improvement Plan Update - {quarter} {fy}")),
        80, "children",
    ),
    "children-looked-after": Series(
        ((2000, "Children Looked After Annual Report {prev_fy}"),
         (2016, "Corporate Parenting Annual Report {prev_fy}")),
        330, "children",
    ),
    "scrutiny-work-programme": Series(
        ((2000, "Work Plan {fy}"), (2013, "Scrutiny Work Programme {fy}")),
        55, "performance",
    ),
    "pension-investment": Series(
        ((2000, "Investment Performance Report - Quarter ending {quarter_end}"),
         (2016, "Investment Panel Report - {quarter} {fy}")),
        80, "pensions",
    ),
    "pension-budget": Series(
        ((2000, "Pension Fund Budget {fy}"),),
        330, "pensions",
    ),
    "responsible-investment": Series(
        ((2000, "Responsible Investment Report"),
         (2019, "Responsible Investment and Climate Risk Report {fy}")),
        80, "pensions",
    ),
    "pension-administration": Series(
        ((2000, "Pension Administration Performance Report - {quarter} {fy}"),
         (2017, "Administration Report")),
        80, "pensions",
    ),
    "planning-delegated": Series(
        ((2000, "Planning Decisions made by the Head of Planning and Transport in "
                "accordance with the County Council's Scheme of Delegation"),),
        25, "planning",
    ),
    "rights-of-way-orders": Series(
        ((2000, "Outcome of Public Path Orders and Definitive Map Modification Orders"),),
        55, "rights-of-way",
    ),
    "health-steering-group": Series(
        ((2000, "Report of the Health Scrutiny Steering Group"),
         (2016, "Health Scrutiny Steering Group Update")),
        55, "health",
    ),
    "educational-attainment": Series(
        ((2000, "Educational Attainment {year}"),
         (2017, "Educational Outcomes and School Performance {prev_fy}")),
        330, "education",
    ),
    "school-places": Series(
        ((2000, "School Place Planning Update"),
         (2018, "School Place Provision Strategy {fy}")),
        170, "education",
    ),
    "pay-policy": Series(
        ((2000, "Pay Policy Statement {next_fy}"),),
        330, "workforce",
    ),
    "workforce-profile": Series(
        ((2000, "Workforce Profile Report"),
         (2016, "Workforce Profile and Equality Monitoring Report {prev_fy}")),
        170, "workforce",
    ),
    "budget": Series(
        ((2000, "Budget and Council Tax {next_fy}"),
         (2014, "The Revenue Budget and Capital Programme {next_fy}")),
        330, "finance",
    ),
    "cabinet-report": Series(
        ((2000, "Report of the Cabinet"),),
        25, "performance",
    ),
    "council-questions": Series(
        ((2000, "Questions Under Standing Order 8"),),
        0, "performance",
    ),
    "notices-of-motion": Series(
        ((2000, "Notices of Motion"),),
        0, "finance",
    ),
    "better-care-fund": Series(
        ((2000, "Better Care Fund Update"),
         (2017, "Better Care Fund Plan {fy} - Quarterly Return {quarter}")),
        80, "adults",
    ),
    "needs-assessment": Series(
        ((2000, "Joint Strategic Needs Assessment"),
         (2016, "Joint Strategic Needs Assessment - Annual Refresh {year}")),
        330, "health",
    ),
    "highways-programme": Series(
        ((2000, "Highways Maintenance Programme {fy}"),
         (2017, "Transport Asset Management Plan - Annual Review {fy}")),
        170, "highways",
    ),
    "school-funding": Series(
        ((2000, "Schools Budget {next_fy}"),
         (2015, "Dedicated Schools Grant Monitoring Report - {quarter} {fy}")),
        80, "education",
    ),
    "adults-performance": Series(
        ((2000, "Adult Social Care Performance Report"),
         (2018, "Adult Social Care Performance - {quarter} {fy}")),
        80, "adults",
    ),
}

DOMAINS: dict[str, Domain] = {
    "performance": Domain(
        metrics=(
            "the number of key performance indicators meeting target",
            "the proportion of indicators showing improved performance",
            "the number of working days lost to sickness absence per full time equivalent",
            "the percentage of complaints responded to within 20 working days",
            "the overall budget variance",
            "the number of Freedom of Information requests answered on time",
            "the percentage of invoices paid within 30 days",
        ),
        things=("indicators", "reports", "service plans", "targets", "complaints"),
        subjects=(
            "Corporate Strategy Delivery", "Performance Management Framework",
            "Service Planning Arrangements", "Council Plan Priorities",
            "Local Government Association Peer Challenge", "Equality and Diversity Annual Report",
            "Annual Complaints and Compliments Report", "Data Quality Strategy",
            "Business Intelligence Transformation", "Medium Term Financial Strategy",
        ),
        areas=(
            "Start Well", "Live Well", "Age Well", "Highlight Reports",
            "Development and Corporate Services",
            "Commissioning, Governance, Finance & Public Services",
            "Community Services", "Public Health", "Business Growth",
        ),
        actions=(
            "to develop a suite of key performance indicators",
            "to align service plans with the Corporate Strategy",
            "to improve the timeliness and accuracy of performance data",
            "to reduce the number of indicators performing below target",
        ),
        programmes=(
            "the Corporate Strategy", "the Performance Management Framework",
            "the Service Challenge process", "the Council Plan",
        ),
        roles=(
            "Head of Service - Business Intelligence", "Senior Policy and Performance Officer",
            "Director of Corporate Services", "Chief Executive",
        ),
        teams=("the Business Intelligence Team", "the Policy and Performance Team"),
    ),
    "children": Domain(
        metrics=(
            "the proportion of newly qualified social workers",
            "the number of child protection plans",
            "the number of children looked after",
            "the average caseload of experienced social workers",
            "the timeliness of strategy discussions",
            "the proportion of cases audited rated as good or outstanding",
            "the percentage of children looked after with an up to date personal education plan",
            "the average time between a child entering care and being placed with an adoptive "
            "family",
            "the number of referrals to children's social care",
            "the proportion of care leavers in education, employment or training",
        ),
        things=("referrals", "assessments", "placements", "child protection plans", "case audits"),
        subjects=(
            "Children's Services Improvement Plan", "Family Safeguarding Model",
            "Multi-Agency Safeguarding Hub", "Care Leavers Local Offer",
            "Fostering Recruitment Campaign", "Children in Need Review",
            "Child Sexual Exploitation Strategy", "Residential Care Sufficiency Strategy",
            "Adoption Regional Agency", "Social Work Academy",
            "Early Help Strategy", "Youth Justice Plan",
        ),
        areas=(
            "Children's Social Care", "Early Help", "Fostering and Adoption",
            "Children Looked After", "Care Leavers", "Front Door",
        ),
        actions=(
            "to reduce the number of emergency agency placements",
            "to recruit and retain experienced social workers",
            "to improve the quality of practice and management oversight",
            "to ensure that cases are being managed at the correct level",
            "to increase the number of in-house foster carers",
        ),
        programmes=(
            "the Practice Improvement Model", "the Family Safeguarding Model",
            "the Post Inspection Improvement Plan", "the Social Work Academy",
            "the Access to Resources Team",
        ),
        roles=(
            "Director of Children's Services", "Head of Safeguarding, Inspection and Audit",
            "Head of Service - Fostering, Adoption and Residential",
            "Head of Service - Policy, Information and Commissioning (Start Well)",
        ),
        teams=("the Children's Social Care teams", "the Fostering and Adoption team"),
    ),
    "adults": Domain(
        metrics=(
            "the rate of permanent admissions of people over 65 into care homes",
            "delayed transfers of care attributable to social care",
            "the percentage of older people at home 91 days after discharge from hospital",
            "the number of people receiving reablement services",
            "the proportion of people using direct payments",
            "the number of carers receiving a direct payment",
            "waiting times for occupational therapy assessments",
            "the proportion of adults with learning disabilities in employment",
        ),
        things=("reviews", "assessments", "care packages", "hospital discharges", "referrals"),
        subjects=(
            "Passport to Independence Programme", "Extra Care Housing Strategy",
            "Home Care Framework", "Adult Safeguarding Board Annual Report",
            "Winter Pressures", "Care Home Market Sustainability",
            "Learning Disability Day Services", "Carers Strategy",
            "Hospital Discharge Arrangements", "Shared Lives Scheme",
        ),
        areas=(
            "Adult Services", "Reablement", "Safeguarding Adults", "Hospital Discharges",
            "Care Homes", "Carers",
        ),
        actions=(
            "to reduce residential admissions from hospital",
            "to establish more capacity in the occupational therapy workforce",
            "to support people to live independently in their own homes",
            "to manage demand and pressures on the social care workforce",
        ),
        programmes=(
            "the Passport to Independence programme", "the Care Capacity Tracker",
            "the Crisis at Home service", "the Extra Care programme",
        ),
        roles=(
            "Director of Adult Services", "Head of Service - Social Care",
            "Head of Service - Adult Commissioning",
        ),
        teams=("the social care teams", "the Reablement Service"),
    ),
    "highways": Domain(
        metrics=(
            "the percentage of carriageway defects repaired within 20 working days",
            "the average repair time for street lighting faults",
            "the diversion of municipal waste away from landfill",
            "the number of visits to libraries",
            "the number of Library E-Book loans",
            "the number of Public Enquiry Management requests completed within 20 working days",
            "the number of visits to museums",
            "the number of killed or seriously injured casualties",
        ),
        things=("defects", "faults", "enquiries", "loans", "schemes"),
        subjects=(
            "Highways Asset Management Plan",
            "Winter Gritting Service",
            "Street Lighting LED Replacement",
            "Household Waste Recycling Centres", "Library Service Review", "Bus Service Support",
            "Road Safety Partnership", "Flood Risk Management Strategy", "Museums Service",
            "Public Rights of Way Improvement Plan", "Cycling and Walking Infrastructure Plan",
        ),
        areas=(
            "Highways",
            "Waste Management",
            "Libraries",
            "Street Lighting",
            "Museums",
            "Road Safety",
        ),
        actions=(
            "to repair all actionable carriageway and footway defects",
            "to increase recycling at the Household Waste Recycling Centres",
            "to complete repairs during the shorter daylight hours",
            "to reduce the number of casualties on the county's roads",
        ),
        programmes=(
            "the Highways Asset Management System", "the Home Library Service",
            "the LED street lighting programme", "the Red Rose Digitalisation project",
        ),
        roles=(
            "Head of Service, Highways", "Director of Community Services",
            "Head of Service - Waste Management", "Head of Libraries, Museums and Archives",
        ),
        teams=("the Highways Teams", "the Maintenance staff", "the Waste Management Team"),
    ),
    "customer": Domain(
        metrics=(
            "the percentage of calls answered within 60 seconds",
            "the number of incoming telephony and email enquiries",
            "the approval rate of Blue Badge applications",
            "the number of webchat conversations",
            "customer satisfaction with the Customer Access Service",
            "the number of registered users of the online portal",
        ),
        things=("calls", "enquiries", "emails", "webchats", "applications"),
        subjects=(
            "Customer Access Strategy", "Digital First Programme", "Core Systems Transformation",
            "Telephony Platform Replacement", "Blue Badge Scheme", "Registration Service",
            "Contact Centre Recruitment", "Website Redevelopment",
        ),
        areas=("Customer Access Service", "Social Care Centre", "Blue Badge Scheme", "Registrars",
               "Digital Services"),
        actions=(
            "to improve the recruitment process in order to minimise impact on the service",
            "to move more transactions online",
            "to reduce avoidable contact",
            "to identify a standard referral tool",
        ),
        programmes=(
            "the Genesys New Technology project", "the Digital First programme",
            "the Core Systems programme", "the 0300 number migration",
        ),
        roles=("Head of Service - Customer Access", "Customer Service Manager",
               "Chief Operating Officer, Digital Services"),
        teams=("the Customer Access Service staff", "the Contact Centre advisors"),
    ),
    "workforce": Domain(
        metrics=(
            "the number of FTE days lost per employee due to sickness absence",
            "staff turnover",
            "the number of starters",
            "the number of leavers",
            "the number of recruitment adverts",
            "the number of agency staff",
            "the gender pay gap",
        ),
        things=("vacancies", "starters", "leavers", "apprenticeships", "adverts"),
        subjects=(
            "Workforce Strategy", "Apprenticeship Levy", "Employee Health and Wellbeing Strategy",
            "Senior Management Restructure", "Recruitment and Retention Policy",
            "Agile Working Policy", "Staff Survey Results", "Gender Pay Gap Report",
        ),
        areas=(
            "Sickness Absence",
            "Recruitment",
            "Redeployment",
            "Apprenticeships",
            "Staff Survey",
        ),
        actions=(
            "to reduce sickness absence due to mental health",
            "to improve the recruitment process",
            "to support managers through clear career pathways",
        ),
        programmes=("the leadership training programme", "the Employee Assistance Programme",
                    "the apprenticeship programme"),
        roles=("Head of Service Human Resources", "Director of People",
               "Head of Organisational Development"),
        teams=("the Human Resources Team", "the Occupational Health Service"),
    ),
    "finance": Domain(
        metrics=(
            "the forecast revenue outturn",
            "the level of general reserves",
            "care debt over 6 months",
            "corporate debt",
            "the capital programme delivery",
            "the proportion of internal audit recommendations implemented",
            "the level of borrowing",
            "the number of audit recommendations outstanding",
        ),
        things=("audit reviews", "recommendations", "risks", "investments", "savings proposals"),
        subjects=(
            "Medium Term Financial Strategy", "Capital Programme Monitoring",
            "Anti-Fraud and Corruption Policy", "Counter Fraud Annual Report",
            "Accounting Policies", "Statement of Accounts", "Procurement Strategy",
            "Insurance Arrangements",
            "Corporate Risk Management Policy",
            "Code of Corporate Governance",
        ),
        areas=(
            "Revenue Budget",
            "Capital Programme",
            "Reserves",
            "Treasury Management",
            "Risk Management",
        ),
        actions=(
            "to deliver the savings agreed in the budget",
            "to strengthen the control environment",
            "to implement the agreed audit recommendations",
            "to manage the risks identified in the register",
        ),
        programmes=("the Treasury Management Strategy", "the Capital Programme",
                    "the Internal Audit Plan", "the Transformation Programme"),
        roles=("Director of Finance", "Head of Internal Audit", "Director of Corporate Services",
               "Head of Service - Legal and Democratic Services"),
        teams=("the Internal Audit Service", "the Finance Team"),
    ),
    "pensions": Domain(
        metrics=(
            "the funding level of the Fund",
            "the Fund's investment return",
            "the proportion of retirement benefits paid on time",
            "the number of active members",
            "investment management costs",
        ),
        things=("employers", "members", "transfers", "cases", "investments"),
        subjects=(
            "Pooling of Investments", "Funding Strategy Statement", "Investment Strategy Statement",
            "Triennial Actuarial Valuation",
            "Climate Change Policy",
            "Pension Administration Strategy",
            "Training Policy for Committee Members", "Good Governance Review",
        ),
        areas=(
            "Investment Performance",
            "Administration",
            "Funding",
            "Governance",
            "Responsible Investment",
        ),
        actions=(
            "to meet the Fund's long term liabilities",
            "to reduce the Fund's exposure to carbon intensive assets",
            "to improve data quality from employers",
        ),
        programmes=("the Local Pensions Partnership", "the investment pool",
                    "the member self-service portal"),
        roles=("Head of Pension Fund", "Director of Finance", "Independent Investment Adviser"),
        teams=("the Pension Fund team", "the Local Pensions Partnership"),
    ),
    "planning": Domain(
        metrics=(
            "the proportion of applications determined within 13 weeks",
            "the number of County Matter minerals and waste applications",
        ),
        things=("applications", "letters of representation", "conditions", "objections"),
        subjects=(
            "Minerals and Waste Local Plan", "Statement of Community Involvement",
            "Planning Enforcement Policy", "Local Validation Checklist",
        ),
        areas=("Highways", "Landscape and Visual Impact", "Noise", "Ecology", "Hours of Working"),
        actions=(
            "to control the hours of working and noise",
            "to protect the amenity of local residents",
            "to secure the restoration of the site",
        ),
        programmes=("the Scheme of Delegation",),
        roles=("Development Management Officer", "Head of Planning and Transport"),
        teams=("the Development Management team",),
    ),
    "rights-of-way": Domain(
        metrics=(
            "the number of outstanding Definitive Map Modification Order applications",
            "the proportion of the rights of way network that is easy to use",
        ),
        things=("objections", "user evidence forms", "applications"),
        subjects=("Definitive Map Statement of Priorities", "Public Path Order Policy"),
        areas=("User Evidence", "Documentary Evidence", "Landowner Evidence"),
        actions=("to record the route on the Definitive Map and Statement",),
        programmes=("the Definitive Map and Statement",),
        roles=("Public Rights of Way Officer", "Head of Service - Legal and Democratic Services"),
        teams=("the Public Rights of Way team",),
    ),
    "health": Domain(
        metrics=(
            "the uptake of the DTaP/IPV/Hib vaccine",
            "the number of NHS health checks completed",
            "successful completions of drug treatment for opiate use",
            "the proportion of young people not in education, employment or training",
            "smoking prevalence in adults",
            "the rate of hospital admissions for alcohol related conditions",
        ),
        things=("health checks", "referrals", "admissions", "vaccinations"),
        subjects=(
            "Winter Planning", "NHS Health Checks Programme", "Integrated Care System",
            "Mental Health Services for Young People", "Stroke Services Reconfiguration",
            "Urgent and Emergency Care", "Healthy Weight Strategy", "Suicide Prevention Plan",
            "Dental Services", "Maternity Services",
        ),
        areas=("Public Health", "Primary Care", "Acute Services", "Mental Health", "Immunisation"),
        actions=(
            "to increase the uptake of immunisations",
            "to reduce health inequalities across the county",
            "to improve access to primary care",
        ),
        programmes=("the Integrated Care System", "the NHS health check programme",
                    "the Healthy Lifestyles service"),
        roles=("Director of Public Health", "Consultant in Public Health",
               "Chief Officer, Clinical Commissioning Group"),
        teams=("the Public Health team", "colleagues in the NHS"),
    ),
    "education": Domain(
        metrics=(
            "the proportion of pupils reaching the expected standard at Key Stage 2",
            "the average Attainment 8 score",
            "the number of permanent exclusions",
            "the proportion of schools judged good or outstanding",
            "the number of Education, Health and Care Plans issued within 20 weeks",
            "persistent absence in secondary schools",
        ),
        things=("schools", "pupils", "places", "exclusions", "plans"),
        subjects=(
            "Special Educational Needs and Disabilities Partnership",
            "Home to School Transport Policy",
            "School Admissions Arrangements", "Elective Home Education",
            "School Funding Formula", "Virtual School Annual Report",
            "Secondary School Place Provision", "Alternative Provision Strategy",
        ),
        areas=("Attainment", "Attendance", "Exclusions", "SEND", "School Places"),
        actions=(
            "to reduce the number of permanent exclusions",
            "to provide sufficient school places",
            "to improve outcomes for disadvantaged pupils",
        ),
        programmes=("the SEND Written Statement of Action", "the School Improvement Programme",
                    "the Virtual School"),
        roles=("Director of Education and Skills", "Head of Service - Inclusion",
               "Head of Learning and Skills"),
        teams=("the School Improvement team", "the SEND Service"),
    ),
    "economy": Domain(
        metrics=(
            "the number of Rosebud loans provided to new or existing businesses",
            "the number of jobs created",
            "the number of businesses supported by Access to Finance",
            "the proportion of capital receipts target achieved",
            "the business survival rate after three years",
        ),
        things=("loans", "businesses", "jobs", "grants"),
        subjects=(
            "City Deal Programme", "Economic Development Strategy", "Superfast Broadband Rollout",
            "Skills and Employment Board", "Enterprise Zone", "Town Centre Regeneration",
        ),
        areas=("Business Growth", "Skills", "Regeneration", "Estates"),
        actions=(
            "to attract investment into the county",
            "to support small and medium enterprises",
        ),
        programmes=("the Boost business growth hub", "the City Deal", "the Rosebud fund"),
        roles=("Head of Service, Business Growth", "Director of Economic Development"),
        teams=("the Economic Development Team", "the Estates team"),
    ),
}

FIRST_NAMES = (
    "Alan", "Amanda", "Andrew", "Angela", "Anne", "Barbara", "Bernard", "Brian", "Carl",
    "Caroline", "Catherine", "Charles", "Christine", "Colin", "David", "Deborah", "Donna",
    "Edward", "Eileen", "Elaine", "Frank", "Gail", "Geoff", "Gillian", "Graham", "Hazel",
    "Helen", "Ian", "Jacqueline", "James", "Janet", "Jennifer", "John", "Judith", "Julie",
    "Karen", "Keith", "Kevin", "Laura", "Lesley", "Linda", "Lorraine", "Margaret", "Mark",
    "Martin", "Matthew", "Michael", "Miles", "Nasreen", "Neil", "Nicola", "Patricia", "Paul",
    "Peter", "Phyl", "Rachel", "Richard", "Robert", "Ruth", "Sajid", "Sally", "Samuel", "Sarah",
    "Shaun", "Stephen", "Susan", "Terry", "Thomas", "Tony", "Yousuf", "Zafar",
)

SURNAMES = (
    "Ainsworth", "Ashworth", "Atkinson", "Barker", "Barrow", "Beavers", "Bond", "Borrow",
    "Brindle", "Buckley", "Burrows", "Butterworth", "Cheetham", "Clegg", "Clifford", "Cooke",
    "Crompton", "Dawson", "Dereli", "Driver", "Duckworth", "Eccles", "Entwistle", "Fishwick",
    "Gooch", "Green", "Greenhalgh", "Haworth", "Hennessy", "Holgate", "Hurst", "Iddon",
    "Ingham", "Jenkins", "Kay", "Kenyon", "Lawrenson", "Livesey", "Marsden", "Martin",
    "Mein", "Molineux", "Nuttall", "Oades", "Parkinson", "Pilling", "Pounder", "Rainford",
    "Readman", "Riley", "Rushton", "Schofield", "Shedwick", "Sumner", "Swarbrick", "Talbot",
    "Tattersall", "Tomlinson", "Turner", "Walder", "Walker", "Whittaker", "Wilkinson",
    "Williamson", "Winlow", "Yates",
)

HONOURS = ("MBE", "CBE", "OBE", "JP")

TIMES = ("10.00 am", "10.30 am", "2.00 pm", "1.30 pm", "9.30 am", "2.30 pm", "6.00 pm")

VENUES = (
    "Cabinet Room 'B' - The Diamond Jubilee Room, County Hall, Preston",
    "Cabinet Room 'C' - The Duke of Lancaster Room, County Hall, Preston",
    "Committee Room 'A' - The Tudor Room, County Hall, Preston",
    "Committee Room 'B' - The Diamond Jubilee Room, County Hall, Preston",
    "Council Chamber, County Hall, Preston",
    "Committee Room 'C' - The Duke of Lancaster Room, County Hall, Preston",
)

VIRTUAL_VENUE = "Virtual Meeting"

PLACES = (
    "Fylde", "Wyre", "Lancaster", "Preston", "Chorley", "South Ribble", "West Lancashire",
    "Burnley", "Pendle", "Rossendale", "Hyndburn", "Ribble Valley", "Fleetwood", "Skelmersdale",
    "Morecambe", "Carnforth", "Clitheroe", "Ormskirk", "Leyland", "Garstang",
)

PARTNERS = (
    "NHS England", "the Police", "district councils", "the Clinical Commissioning Groups",
    "the Department for Education", "the Local Government Association", "schools",
    "voluntary, community and faith sector organisations", "neighbouring authorities",
    "the Care Quality Commission", "housing providers", "the Department for Transport",
)

TRENDS_UP = ("increased", "risen", "improved")
TRENDS_DOWN = ("decreased", "fallen", "reduced")

# --- Minute prose --------------------------------------------------------

PRESENTER_SENTENCES = (
    "{person}, {role} attended and presented a report on {topic}.",
    "A report was presented by {person} – {role}, on {topic}.",
    "{person}, {role}, provided members with a summary of the report circulated with the "
    "agenda on {topic}.",
    "{person}, {role} attended and presented a report setting out details of {topic} "
    "for {quarter} of {fy}.",
    "{person}, {role}, presented information from the report circulated with the agenda "
    "on {topic}.",
)

OPENINGS = (
    "It was reported that {clause}.",
    "Members noted that {clause}.",
    "It was noted that {clause}.",
    "The Committee was advised that {clause}.",
    "Members were informed that {clause}.",
    "In relation to {area}, members were informed that {clause}.",
    "It was confirmed that {clause}.",
    "Members were assured that {clause}.",
    "{committee} noted that {clause}.",
    "It was highlighted that {clause}.",
)

CLAUSES = (
    "{rate} had {up} {rise} in {quarter} {fy}",
    "{rate} had {down} {fall} in {quarter} {fy}",
    "{rate} was {pct} against a target of {pct2}",
    "{metric} remained above target, although work was ongoing with {partner} {action}",
    "{metric} remained below the desired level and plans were in place {action}",
    "{programme} was progressing well and an update would be provided at a future meeting",
    "there had been an increase in {metric}, which was partly due to seasonal variation",
    "{num} {things} had been completed during {quarter}, compared with {num2} in the previous "
    "quarter",
    "the forecast position for {fy} showed an underspend of {money} against the approved budget",
    "the forecast position for {fy} showed an overspend of {money}, mainly as a result of "
    "demand pressures",
    "an additional {money} investment had been approved by the Cabinet {action}",
    "recruitment continued to be a challenge and the service was working with partners {action}",
    "the figures would continue to be monitored very closely",
    "a review of the current arrangements had begun, to provide assurance that {things} were "
    "being managed at the correct level",
    "performance in {place} remained above the regional and national comparators",
    "there was a mix of causes and data recording practices were a part of it",
    "the work had been nominated and shortlisted for a national award and the results were "
    "currently awaited",
    "the long term trend showed an increase in the number of {things}, which was a concern in "
    "terms of demand management",
    "{num} {things} had been received in {month} {month_year}, an increase of {pct} on the same "
    "month last year",
    "discussions were being held with {partner} to ascertain requirements",
    "the approach had been shared with {partner} as an example of good practice",
    "{count} in {place} had {down} for the third month running",
    "{count} had {up} {count_rise} compared with the same period last year",
    "{programme} would be rolled out across {place} and {place2} during {year}",
    "the {fy} target of {num} {things} had been exceeded",
    "{rate} in {place} was {pct}, compared with {pct2} across the county as a whole",
)

QUERY_PARAGRAPHS = (
    "A query was raised in relation to {metric} as to whether the figure included {things} in "
    "{place}. It was confirmed that further information would be supplied to members.",
    "{cllr} queried whether {metric} should be raised with {partner}. {person} confirmed "
    "that this would be taken forward.",
    "{cllr} wished to thank {team} for all their hard work over the last 12 months.",
    "{cllr} stated that the overall indicators for performance in this area were very good and "
    "that this was as a result of high quality staff engagement and morale.",
    "{cllr} asked how {metric} compared with neighbouring authorities. It was reported that "
    "{place} remained one of the highest performing areas in the North West.",
    "Members discussed the report and a number of questions were raised regarding {things} in "
    "{place}, to which officers responded.",
    "The Chair, on behalf of {committee_lc}, wished to place on record thanks and appreciation to "
    "{team} for their hard work.",
)

BULLET_INTROS = (
    "It was noted that:",
    "The main points were:",
    "Areas requiring improvement are:",
    "Areas that are showing improved performance are:",
    "Highlights reported for {quarter} of {fy} included:",
    "The achievement of key performance measures were reported as follows:",
    "Specific areas were discussed as follows:",
    "Members noted the following:",
    "During {quarter}:",
)

BULLETS = (
    "{rate_cap} was {pct} against a target of {pct2}.",
    "{rate_cap} had {up} {rise}.",
    "{rate_cap} had {down} {fall}, which requires improvement.",
    "{count_cap} had {down} by {pct} compared with {quarter} of {prev_fy}.",
    "{count_cap} had {up} {count_rise}.",
    "{num} {things} were completed, against a target of {num2} for {fy}.",
    "{programme_cap} was progressing well.",
    "Work was ongoing with {partner} {action}.",
    "{money} of savings had been delivered against a target of {money2}.",
    "{area}: all contractual performance targets were met in {quarter}.",
    "Improvements to the way {programme} is used as an effective tool to provide timely and "
    "accurate information.",
)

RESOLUTIONS_SIMPLE = (
    "That the report now presented be noted.",
    "That the report and comments be noted.",
    "That the report be noted.",
    "That the report now presented be noted and further reports be requested at future "
    "meetings of {committee_lc}.",
    "That the update be noted.",
    "That the recommendations set out in the report be approved.",
)

RESOLUTION_CLAUSES = (
    "the report now presented be received",
    "{committee_lc} receive further reports on {topic}",
    "the recommendations set out in the report be approved",
    "the {role} be authorised to {action_bare}",
    "an update be provided at a future meeting",
    "the comments of the Committee be forwarded to the Cabinet Member",
    "officers be thanked for the report",
    "a task group be established to consider {topic} in more detail",
)

ONE_OFF_TITLES = (
    "{subject}",
    "{subject} - Update",
    "Update on {subject} - {month} {year}",
    "Review of the {subject}",
    "{subject} {fy}",
    "{subject}: Consultation Response",
    "{subject} - Progress Report",
    "Report of the Task Group on the {subject}",
    "{subject} - Annual Report {prev_fy}",
)

# --- Planning and rights of way ------------------------------------------

DEVELOPMENTS = (
    "Extension of the existing quarry to provide an additional {tonnes} million tonnes of "
    "sandstone",
    "Erection of a single storey classroom extension and associated car parking",
    "Change of use of land to a household waste recycling centre",
    "Variation of condition {cond} of permission {ref} to extend the hours of operation",
    "Construction of a new primary school with associated playing fields and access",
    "Installation of an anaerobic digestion facility",
    "Retrospective application for the retention of a temporary modular building",
    "Construction of a link road including a bridge over the River {river}",
    "Extension of time for the restoration of the landfill site",
    "Erection of a waste transfer station building and weighbridge",
)

SITES = (
    "{place} Quarry", "{place} High School", "{place} Primary School", "Land off {road}",
    "{place} Waste Recovery Park", "Former {place} Colliery", "{place} Landfill Site",
)

ROADS = (
    "Moor Lane", "Bury Road", "Church Street", "Garstang Road", "Blackburn Road", "Mill Lane",
    "Station Road", "Whalley Road", "Preston New Road", "Longsands Lane", "Ribbleton Avenue",
)

RIVERS = ("Ribble", "Lune", "Wyre", "Darwen", "Calder", "Hodder")

PATH_KINDS = ("Footpath", "Bridleway", "Restricted Byway")

PLANNING_PARAGRAPHS = (
    "A report was presented on an application for {development_lc} at {site}.",
    "The report included the views of {place} Borough Council, the Environment Agency, the "
    "County Council's Ecologist and Highways Development Control, and details of {num_small} "
    "letters of representation received.",
    "The Development Management Officer presented a Powerpoint presentation showing an aerial "
    "view of the site and photographs of the site access.",
    "The Committee was informed that an additional {num_small} letters of objection had been "
    "received since the report was written, raising concerns about {concern}.",
    "{cllr}, the local County Councillor, addressed the Committee and raised concerns about "
    "{concern}.",
    "Members asked whether conditions could be imposed {action}. It was confirmed that "
    "condition {cond} addressed this matter.",
    "Mr {surname}, on behalf of local residents, addressed the Committee and objected to the "
    "proposal on the grounds of {concern}.",
)

CONCERNS = (
    "traffic generation and highway safety", "noise and dust", "the impact on the landscape",
    "the hours of working", "the loss of a green field", "the effect on local wildlife",
    "the restoration of the site", "parking on surrounding roads",
)

PLANNING_RESOLUTIONS = (
    "That, after first taking into consideration the environmental information, as defined in "
    "the Town and Country Planning (Environmental Impact Assessment) Regulations, planning "
    "permission be granted subject to conditions controlling time limits, working programme, "
    "hours of working, highway matters and restoration as set out in the report to the Committee.",
    "That planning permission be granted subject to the conditions set out in the report to the "
    "Committee.",
    "That planning permission be refused for the reasons set out in the report.",
    "That consideration of the application be deferred to allow a site visit to take place.",
)

RIGHTS_OF_WAY_PARAGRAPHS = (
    "A report was presented on an application for the addition of a {path} from {road} to "
    "{road2}, {place}, to the Definitive Map and Statement of Public Rights of Way.",
    "The Committee was advised that the evidence of {num_small} users had been considered, "
    "together with documentary evidence including Ordnance Survey maps and the Finance Act 1910 "
    "records.",
    "It was reported that the landowner had objected to the application and had provided "
    "evidence of notices erected on the route.",
    "Members noted that on balance the evidence was sufficient to show that the route subsists "
    "or can reasonably be alleged to subsist.",
)

RIGHTS_OF_WAY_RESOLUTIONS = (
    "That the application be accepted and an Order be made.",
    "That the application be not accepted.",
    "That the Order be confirmed as made.",
    "That the Order be promoted to confirmation.",
)

# --- Standing items --------------------------------------------------------

APOLOGY_LINES = (
    "Apologies for absence were received from County Councillor {name}.",
    "Apologies were received from County Councillor {name}.",
    "Apologies for absence were noted from County Councillor {name}.",
)

NO_APOLOGIES = ("None.", "There were no apologies for absence.", "No apologies were received.")

SUBSTITUTION_LINE = (
    "County Councillor {member} replaced County Councillor {replaced} at this meeting."
)

NO_INTERESTS = (
    "None.",
    "No pecuniary or non-pecuniary interests were disclosed.",
    "There were no disclosures of interest in relation to items on the agenda.",
)

INTEREST_LINE = (
    "County Councillor {name} declared a non-pecuniary interest in Item {number} as a member "
    "of {place} Borough Council."
)

PREVIOUS_MINUTES_RESOLUTIONS = (
    "Resolved: - That the minutes of the meeting held on {date} be agreed as a true and "
    "accurate record and be signed by the Chair.",
    "Resolved: Minutes of the meeting held on {date} be confirmed and signed by the Chair.",
    "Resolved: That the minutes of the meeting held on {date} be confirmed and signed by the "
    "Chair.",
)

NO_URGENT_BUSINESS = (
    "There was no urgent business to be considered.",
    "There were no items of urgent business.",
    "There were no items of Urgent Business.",
    "No items of urgent business were raised.",
)

NEXT_MEETING_SENTENCES = (
    "{committee} noted that the next meeting would be held on {weekday} {day} {month} {year} at "
    "{time_short}, in {venue}.",
    "The next meeting is due to be held on {day} {month} at {time_short}, {venue_short}.",
    "The next meeting of the {committee_name} would be held at {time_short} on {weekday} "
    "{day_ordinal} {month} {year}.",
    "It was noted that the next meeting of the Committee would be held on {weekday}, "
    "{day_ordinal} {month} {year} at {time_short} in {venue}.",
)

EXCLUSION_TEXT = (
    "That the press and members of the public be excluded from the meeting during "
    "consideration of the following item of business on the grounds that there would be a "
    "likely disclosure of exempt information as defined in the appropriate paragraph of Part I "
    "of Schedule 12A to the Local Government Act 1972, as indicated against the heading of the "
    "item."
)

PART_TWO_TITLES = (
    "{subject} - Commercial Update",
    "Contract Award - {subject}",
    "Exempt Appendix - {subject}",
)

PART_TWO_TEXT = (
    "Exempt information as defined in Paragraph 3 of Part I of Schedule 12A to the Local "
    "Government Act 1972. It was considered that in all the circumstances of the case the public "
    "interest in maintaining the exemption outweighs the public interest in disclosing the "
    "information."
)

# --- Reports -----------------------------------------------------------------

REPORT_AUTHORS = (
    "Report of the Chief Executive",
    "Report of the Director of Finance",
    "Report of the Director of Corporate Services",
    "Report of the Head of Service - Business Intelligence",
    "Report of the Executive Director of Growth, Environment, Transport and Community Services",
)

REPORT_SECTIONS = (
    "Background and Advice", "Performance Summary", "Key Issues", "Progress to Date",
    "Next Steps", "Financial Position",
)

CONSULTATION_TEXT = (
    "Members of Management Team(s) have previously received the information in this report.",
    "The Cabinet Member has been consulted on the content of this report.",
    "N/A",
)

RISK_TEXT = (
    "No significant risks have been identified in relation to the proposals contained within "
    "this report.",
    "The risks associated with the matters in this report are set out in the Corporate Risk and "
    "Opportunity Register.",
)

APPENDIX_SERVICE_AREAS = (
    "ADULT SERVICES", "CHILDREN'S SERVICES", "COMMUNITY SERVICES", "PUBLIC HEALTH & WELLBEING",
    "DEVELOPMENT AND CORPORATE SERVICES",
    "COMMISSIONING",
    "CHIEF EXECUTIVE",
    "EDUCATION AND SKILLS",
)

# --- Decisions -----------------------------------------------------------------

DECISION_STATUSES = ("Recommendations Approved", "Approved", "For Determination", "Noted")

DECISION_PURPOSES = (
    "Performance overview report",
    "To consider the report and agree the recommendations",
    "To note the update provided",
    "To approve the recommendations set out in the report",
)

# --- Agenda and minutes pages -----------------------------------------------------

WEBCAST_BOILERPLATE = (
    "This meeting will be webcast live and the video archive published on our website. Please "
    "note that by attending the meeting you may be filmed, and that the recording may be used "
    "for training purposes.",
    "Members of the public are welcome to attend this meeting. Please contact the officer named "
    "above if you wish to speak or have any access requirements.",
)

AGENDA_TEXTS = (
    "To consider the report of the {role}.",
    "Report of the {role}.",
    "To receive a presentation from {person}, {role}.",
    "The Committee is asked to note the report and to comment on the matters set out within it.",
)

# --- Probes: words used nowhere else, so the runner knows exactly where they are.

RARE_WORDS = ("Quillethorpe", "Marrowbeck", "Tansyfield")
PROBE_SUBJECT = "Kestrelford Heritage Railway Partnership"
PROBE_TITLE = f"Review of the {PROBE_SUBJECT}"
PROBE_TYPO_QUERY = "kestrelfrod heritage"
