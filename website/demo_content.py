"""The words of the demo site: one article, four condition pages, a topic and two sample people.

Written from the facts in DESIGN.md's demo brief. Page bodies are templates with ``{article}``
and ``{<condition slug>}`` placeholders that ``load_demo`` fills with the real page addresses.
Sources point at publishers' home pages only: no deep link here is invented.
"""

ARTICLE_SLUG = "what-is-naltrexone-used-for"
CONDITION_SLUGS = ("fibromyalgia", "crohns-disease", "rheumatoid-arthritis", "multiple-sclerosis")

NIH = {"publisher": "National Institutes of Health", "url": "https://www.nih.gov/"}
UCSF = {"publisher": "University of California, San Francisco", "url": "https://www.ucsf.edu/"}
FDA = {"publisher": "U.S. Food and Drug Administration", "url": "https://www.fda.gov/"}
SAMHSA = {"publisher": "Substance Abuse and Mental Health Services Administration", "url": "https://www.samhsa.gov/"}

TOPIC = {
    "name": "Medications for addiction treatment",
    "slug": "medications-for-addiction-treatment",
    "description": "How medicines such as naltrexone support recovery from opioid and alcohol use disorders.",
}

WRITER = {
    "name": "Sample Writer",
    "slug": "sample-writer",
    "credentials": "MA",
    "is_writer": True,
    "bio": (
        "Sample Writer is a fictional health writer who appears only in the demo content of this site. "
        "On a real site, this page would describe the writer's training and experience."
    ),
}
REVIEWER = {
    "name": "Sample Reviewer",
    "slug": "sample-reviewer",
    "credentials": "PharmD",
    "is_medical_reviewer": True,
    "licence_number": "DEMO-RPH-000123",
    "bio": (
        "Sample Reviewer is a fictional pharmacist who appears only in the demo content of this site. "
        "On a real site, this page would list the reviewer's licence, training and areas of practice."
    ),
}

ARTICLE = {
    "title": "What is naltrexone used for?",
    "slug": ARTICLE_SLUG,
    "summary": (
        "Naltrexone is a prescription medicine that helps people recovering from opioid or alcohol use "
        "disorder. At a much lower dose, it is also being studied for long-term pain and inflammation."
    ),
    "meta_description": (
        "How naltrexone supports recovery from opioid and alcohol use disorder, its forms, its safety, "
        "and what is known about low-dose naltrexone (LDN)."
    ),
    "body": """
<p>Naltrexone is a prescription medicine used to treat opioid use disorder and alcohol use disorder. This page
explains how it works, the forms it comes in, how safe it is, and why some people take it at a much lower dose
for conditions such as fibromyalgia and multiple sclerosis.</p>
<h2>How naltrexone works</h2>
<p>Naltrexone is an opioid antagonist. It attaches to the body's opioid receptors, the same receptors that
endorphins, the body's own feel-good chemicals, act on. While naltrexone is on those receptors, opioids such as
heroin or prescription painkillers cannot produce their usual high.</p>
<p>Without that reward, the pull to keep using tends to fade. This is why naltrexone was first developed to
support people recovering from opioid addiction. It is also used in alcohol use disorder: it blunts the pleasant
effect of drinking, which can make it easier to cut down or stop.[4]</p>
<h2>Forms of naltrexone</h2>
<ul>
<li><strong>Tablets</strong> taken by mouth, sold under brand names including ReVia and Depade.</li>
<li><strong>A monthly injection</strong> of extended-release naltrexone, sold as Vivitrol.[3]</li>
</ul>
<p>Your prescriber can help you decide which form suits your situation.</p>
<h2>Is naltrexone safe, and can it be misused?</h2>
<p>Naltrexone is not an opioid. It does not cause a high, even at large doses, and it does not lead to
dependence. People who stop taking it have few withdrawal effects. For these reasons, its potential for misuse
is low.[3]</p>
<p>Like any medicine, it is not right for everyone. Tell your prescriber about your health and any other
medicines you take before you start.</p>
<h2>Low-dose naltrexone (LDN)</h2>
<p>Researchers have also looked at naltrexone at about one tenth of the dose used in addiction treatment. This
is called low-dose naltrexone, or LDN. At these small doses it appears to ease inflammation and pain.</p>
<h3>LDN and microglia</h3>
<p>One explanation involves microglia, immune cells in the brain and spinal cord. When microglia are switched on,
they can cause fatigue, fever, inflammation and pain. At low doses, naltrexone seems to block that switch. This
lowers the amount of pro-inflammatory cytokines and of harmful molecules called superoxides that can damage
nerve cells.</p>
<p>LDN is being studied in conditions that involve inflammation or long-lasting pain, including
<a href="{fibromyalgia}">fibromyalgia</a>, <a href="{crohns-disease}">Crohn's disease</a>,
<a href="{rheumatoid-arthritis}">rheumatoid arthritis</a> and <a href="{multiple-sclerosis}">multiple
sclerosis</a>.[1, 2]</p>
<h2>How LDN is taken for multiple sclerosis</h2>
<p>Doses reported for multiple sclerosis are usually between 1.75 mg and 4.5 mg, taken by mouth once a day at
bedtime. People are often advised to take it between 9 pm and 2 am. A common starting dose is 3.0 mg.</p>
<p>LDN often comes as 1.5 mg capsules, which makes the dose easy to adjust:</p>
<ul>
<li>two capsules make 3 mg;</li>
<li>three capsules make 4.5 mg.</li>
</ul>
<h2>Talk to your prescriber</h2>
<p>Using LDN for fibromyalgia, Crohn's disease, rheumatoid arthritis, multiple sclerosis or other conditions is
off-label: naltrexone is not approved for these uses, and the research is still early. Please do not start, stop
or change a medicine on your own. Your prescriber can tell you whether LDN could be part of your care.</p>
""",
    "sources": [
        {"title": "Studies of low-dose naltrexone in fibromyalgia", **NIH},
        {"title": "Low-dose naltrexone and quality of life in multiple sclerosis", **UCSF},
        {"title": "Naltrexone prescribing information and labeling", **FDA},
        {"title": "Medications for substance use disorders", **SAMHSA},
    ],
}

READ_MORE = '<p>Read more in our article <a href="{article}">What is naltrexone used for?</a></p>'
OFF_LABEL = (
    "<p>LDN is not approved for {name}, so prescribing it for this use is off-label. Talk to your prescriber "
    "before you start, stop or change any medicine.</p>"
)

CONDITIONS = [
    {
        "name": "Fibromyalgia",
        "slug": "fibromyalgia",
        "also_known_as": "Fibromyalgia syndrome, FMS",
        "summary": (
            "Fibromyalgia is a long-term condition that causes pain across the body, deep tiredness and poor "
            "sleep. Treatment aims to ease symptoms, and low-dose naltrexone is one option being studied."
        ),
        "body": """
<h2>Symptoms</h2>
<p>Fibromyalgia is a chronic pain disorder. Common symptoms are:</p>
<ul>
<li>pain and aching in the muscles and around the joints, in many parts of the body at once;</li>
<li>tenderness, so that touch or pressure hurts more than expected;</li>
<li>marked tiredness that rest does not fix;</li>
<li>trouble thinking, remembering or concentrating, often called "fibro fog";</li>
<li>poor sleep that leaves you unrefreshed.</li>
</ul>
<h2>Causes</h2>
<p>Researchers do not yet fully understand what causes fibromyalgia. The pain is real, even though the muscles
and joints themselves are not damaged.</p>
<h2>Treatment</h2>
<p>There is no single cure. Treatment usually combines several approaches to ease pain, improve sleep and help
you stay active. A clinician can help you build a plan that fits your life.</p>
<h2>Low-dose naltrexone research</h2>
<p>In two small studies published by the National Institutes of Health, about 60% of people taking low-dose
naltrexone (LDN) reported significantly less pain than when they took a placebo, a dummy pill.[1] The studies were
small, so more research is needed.</p>
""",
        "sources": [{"title": "Studies of low-dose naltrexone in fibromyalgia", **NIH}],
    },
    {
        "name": "Crohn's disease",
        "slug": "crohns-disease",
        "also_known_as": "Crohn's, inflammatory bowel disease, IBD",
        "summary": (
            "Crohn's disease is a long-term inflammatory bowel disease (IBD) that inflames the digestive tract. "
            "It is one of the inflammatory conditions where low-dose naltrexone has shown early promise."
        ),
        "body": """
<h2>Symptoms</h2>
<p>Crohn's disease causes chronic inflammation in the digestive tract. Because the gut is inflamed, symptoms
often involve digestion, such as belly pain and diarrhea, and they can come and go over time. Your clinician can
explain which symptoms to watch for.</p>
<h2>Causes</h2>
<p>Crohn's disease is one of the inflammatory bowel diseases (IBD). The inflammation is long-lasting and is what
sets it apart from other gut problems.</p>
<h3>Crohn's disease is not the same as IBS</h3>
<p>Irritable bowel syndrome (IBS) is sometimes confused with Crohn's disease because a few symptoms overlap. IBS
is a functional disorder: it affects how the gut works, but it does not cause the inflammation that defines an
inflammatory bowel disease. IBS is not a type of IBD.</p>
<h2>Treatment</h2>
<p>Treatment aims to calm the inflammation, ease symptoms and keep flare-ups away. A gastroenterologist or your
own clinician can explain the options.</p>
<h2>Low-dose naltrexone research</h2>
<p>Because Crohn's disease is driven by inflammation, it is one of the conditions where low-dose naltrexone
(LDN) has shown early promise. The evidence is still limited.</p>
""",
        "sources": [
            {
                "title": "Crohn's disease",
                "publisher": "National Institute of Diabetes and Digestive and Kidney Diseases (NIH)",
                "url": "https://www.niddk.nih.gov/",
            }
        ],
    },
    {
        "name": "Rheumatoid arthritis",
        "slug": "rheumatoid-arthritis",
        "also_known_as": "RA",
        "summary": (
            "Rheumatoid arthritis (RA) is an autoimmune disease that inflames the joints, causing pain and "
            "swelling. Low-dose naltrexone has been reported to ease both."
        ),
        "body": """
<h2>Symptoms</h2>
<p>Rheumatoid arthritis inflames the joints. Affected joints can be painful, swollen and stiff.</p>
<h2>Causes</h2>
<p>RA is an autoimmune disease: the immune system, which normally protects the body, attacks its own tissue, in
this case the lining of the joints.</p>
<h2>Treatment</h2>
<p>Treatment aims to control the inflammation, ease pain and protect the joints. A rheumatologist or your own
clinician can explain the options.</p>
<h2>Low-dose naltrexone research</h2>
<p>Low-dose naltrexone (LDN) has been reported to reduce joint swelling and pain in rheumatoid arthritis,
probably through its effect on the body's inflammatory pathways. The evidence is still early.</p>
""",
        "sources": [
            {
                "title": "Rheumatoid arthritis",
                "publisher": "National Institute of Arthritis and Musculoskeletal and Skin Diseases (NIH)",
                "url": "https://www.niams.nih.gov/",
            }
        ],
    },
    {
        "name": "Multiple sclerosis",
        "slug": "multiple-sclerosis",
        "also_known_as": "MS",
        "summary": (
            "Multiple sclerosis (MS) is a long-term disease in which the immune system affects the brain and "
            "spinal cord. Some people with MS take low-dose naltrexone, though the evidence is mild."
        ),
        "body": """
<h2>Symptoms</h2>
<p>MS can affect many parts of daily life, including energy, vision, bladder and bowel control, sexual
health, pain, thinking and mood. Symptoms differ a great deal from one person to another.</p>
<h2>Causes</h2>
<p>MS is an immune-mediated disease of the central nervous system: the immune system acts against the brain
and spinal cord.</p>
<h2>Treatment</h2>
<p>Treatment aims to slow the disease and manage symptoms. A neurologist can explain the options.</p>
<h2>Low-dose naltrexone research</h2>
<p>A study at the University of California, San Francisco found that people with MS taking low-dose naltrexone
(LDN) reported better mental health, less pain and better thinking in their daily lives. It made no difference
to physical aspects of quality of life, such as fatigue, bladder and bowel control, sexual satisfaction or
vision. Overall, the evidence is mild and not conclusive.[1]</p>
<p>Doses reported for MS are usually 1.75 mg to 4.5 mg once a day at bedtime, often starting at 3.0 mg.</p>
""",
        "sources": [{"title": "Low-dose naltrexone and quality of life in multiple sclerosis", **UCSF}],
    },
]
