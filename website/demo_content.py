"""The words of the demo site: one article, four condition pages, a topic and two sample people.

Page bodies are templates with ``{article}`` and ``{<condition slug>}`` placeholders that
``load_demo`` fills with the real page addresses. Sources are the specific studies (journal,
year, DOI or PMID); the bracketed numbers in a body are positions in that page's sources.
"""

from typing import Any

ARTICLE_SLUG = "what-is-naltrexone-used-for"
CONDITION_SLUGS = ("fibromyalgia", "crohns-disease", "rheumatoid-arthritis", "multiple-sclerosis")

# The studies the pages rest on, each a specific document with its journal, year and DOI or PMID.
# Links are built only from those identifiers (https://doi.org/<DOI>, https://pubmed.ncbi.nlm.nih.gov/<PMID>/).
FIBROMYALGIA_PILOT = {
    "title": "Fibromyalgia symptoms are reduced by low-dose naltrexone: a pilot study (Younger J, Mackey S)",
    "publisher": "Pain Medicine 10(4):663-672",
    "year": 2009,
    "pmid": "19453963",
    "url": "https://pubmed.ncbi.nlm.nih.gov/19453963/",
}
FIBROMYALGIA_TRIAL = {
    "title": (
        "Low-dose naltrexone for the treatment of fibromyalgia: findings of a small, randomized, double-blind, "
        "placebo-controlled, counterbalanced, crossover trial assessing daily pain levels "
        "(Younger J, Noor N, McCue R, Mackey S)"
    ),
    "publisher": "Arthritis & Rheumatism 65(2):529-538",
    "year": 2013,
    "doi": "10.1002/art.37734",
    "url": "https://doi.org/10.1002/art.37734",
}
MS_PILOT = {
    "title": (
        "Pilot trial of low-dose naltrexone and quality of life in multiple sclerosis "
        "(Cree BAC, Kornyeyeva E, Goodin DS)"
    ),
    "publisher": "Annals of Neurology 68(2):145-150",
    "year": 2010,
    "doi": "10.1002/ana.22006",
    "pmid": "20695007",
    "url": "https://doi.org/10.1002/ana.22006",
}
CROHNS_PILOT = {
    "title": (
        "Low-dose naltrexone therapy improves active Crohn's disease "
        "(Smith JP, Stock H, Bingaman S, Mauger D, Rogosnitzky M, Zagon IS)"
    ),
    "publisher": "American Journal of Gastroenterology 102(4):820-828",
    "year": 2007,
    "pmid": "17222320",
    "url": "https://pubmed.ncbi.nlm.nih.gov/17222320/",
}
LDN_REVIEW = {
    "title": (
        "The use of low-dose naltrexone (LDN) as a novel anti-inflammatory treatment for chronic pain "
        "(Younger J, Parkitny L, McLain D)"
    ),
    "publisher": "Clinical Rheumatology 33(4):451-459",
    "year": 2014,
    "doi": "10.1007/s10067-014-2517-2",
    "url": "https://doi.org/10.1007/s10067-014-2517-2",
}
# The two agency documents have no DOI or PMID; no deep link is guessed, so they carry no URL.
FDA_LABEL = {
    "title": "Naltrexone prescribing information: ReVia tablets and Vivitrol extended-release injection",
    "publisher": "U.S. Food and Drug Administration",
}
SAMHSA_MEDICATIONS = {
    "title": "Medications for substance use disorders",
    "publisher": "Substance Abuse and Mental Health Services Administration (SAMHSA)",
}

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
    "job_title": "Health writer (sample person)",
    "expertise": "Addiction recovery\nMedicines explained in plain language\nChronic pain",
    "photo_alt": (
        "Illustrated portrait of Sample Writer, a drawing rather than a photograph: a smiling person with short "
        "dark hair and glasses, in a blue top, on a pale blue background"
    ),
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
    "job_title": "Clinical pharmacist (sample person)",
    "expertise": "Medications for opioid use disorder\nMedications for alcohol use disorder\nPain management",
    "licence_number": "DEMO-RPH-000123",
    "licence_issuer": "Sample State Board of Pharmacy",
    "photo_alt": (
        "Illustrated portrait of Sample Reviewer, a drawing rather than a photograph: a smiling person with grey "
        "hair in a bun, in a green top, on a pale green background"
    ),
    "bio": (
        "Sample Reviewer is a fictional pharmacist who appears only in the demo content of this site. "
        "On a real site, this page would list the reviewer's licence, training and areas of practice."
    ),
}
# Each demo person's training and affiliations: sample institutions, plainly not real ones.
EDUCATION = {
    WRITER["slug"]: [
        {"degree": "Master of Arts (MA), Health Communication", "institution": "Sample University", "year": 2014},
        {"degree": "Bachelor of Arts (BA), English", "institution": "Example State College", "year": 2011},
    ],
    REVIEWER["slug"]: [
        {
            "degree": "Doctor of Pharmacy (PharmD)",
            "institution": "Sample University School of Pharmacy",
            "year": 2012,
        },
        {
            "degree": "Residency in Psychiatric Pharmacy",
            "institution": "Example Teaching Hospital (sample)",
            "year": 2014,
        },
    ],
}
AFFILIATIONS = {
    WRITER["slug"]: [
        {"kind": "membership", "name": "Sample Association of Health Writers"},
    ],
    REVIEWER["slug"]: [
        {
            "kind": "certification",
            "name": "Board certification in psychiatric pharmacy (sample)",
            "organisation": "Sample Board of Pharmacy Specialties",
        },
        {"kind": "membership", "name": "Sample Society of Addiction Pharmacists"},
        {"kind": "position", "name": "Clinical pharmacist", "organisation": "Example Recovery Clinic (sample)"},
    ],
}

ARTICLE: dict[str, Any] = {
    "title": "What is naltrexone used for?",
    "slug": ARTICLE_SLUG,
    "summary": (
        "Naltrexone is a prescription medicine that helps people recovering from opioid or alcohol use "
        "disorder. At a much lower dose, it is also being studied for long-term pain and inflammation."
    ),
    "key_takeaways": (
        "Naltrexone blocks the opioid receptors, so opioids and alcohol lose the reward that keeps people using.\n"
        "It is not an opioid: it causes no high and no dependence, and its potential for misuse is low.\n"
        "It comes as a daily tablet (ReVia, Depade) or a monthly injection (Vivitrol).\n"
        "Low-dose naltrexone (LDN) is being studied for pain and inflammation; that use is off-label."
    ),
    "hero_image_alt": "Illustration of two capsules and three round tablets on a soft teal background",
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
effect of drinking, which can make it easier to cut down or stop.[6]</p>
<h2>Forms of naltrexone</h2>
<ul>
<li><strong>Tablets</strong> taken by mouth, sold under brand names including ReVia and Depade.</li>
<li><strong>A monthly injection</strong> of extended-release naltrexone, sold as Vivitrol.[5]</li>
</ul>
<p>Your prescriber can help you decide which form suits your situation.</p>
<h2>Is naltrexone safe, and can it be misused?</h2>
<p>Naltrexone is not an opioid. It does not cause a high, even at large doses, and it does not lead to
dependence. People who stop taking it have few withdrawal effects. For these reasons, its potential for misuse
is low.[5]</p>
<p>Like any medicine, it is not right for everyone. Tell your prescriber about your health and any other
medicines you take before you start.</p>
<h2>Low-dose naltrexone (LDN)</h2>
<p>Researchers have also looked at naltrexone at about one tenth of the dose used in addiction treatment. This
is called low-dose naltrexone, or LDN. At these small doses it appears to ease inflammation and pain.</p>
<h3>LDN and microglia</h3>
<p>One explanation involves microglia, immune cells in the brain and spinal cord. When microglia are switched on,
they can cause fatigue, fever, inflammation and pain. At low doses, naltrexone seems to block that switch. This
lowers the amount of pro-inflammatory cytokines and of harmful molecules called superoxides that can damage
nerve cells.[4]</p>
<p>LDN is being studied in conditions that involve inflammation or long-lasting pain, including
<a href="{fibromyalgia}">fibromyalgia</a>, <a href="{crohns-disease}">Crohn's disease</a>,
<a href="{rheumatoid-arthritis}">rheumatoid arthritis</a> and <a href="{multiple-sclerosis}">multiple
sclerosis</a>.[1, 2, 3]</p>
<h2>How LDN is taken for multiple sclerosis</h2>
<p>Doses reported for multiple sclerosis are usually between 1.75 mg and 4.5 mg, taken by mouth once a day at
bedtime. People are often advised to take it between 9 pm and 2 am. A common starting dose is 3.0 mg.[3]</p>
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
    "sources": [FIBROMYALGIA_PILOT, FIBROMYALGIA_TRIAL, MS_PILOT, LDN_REVIEW, FDA_LABEL, SAMHSA_MEDICATIONS],
}

READ_MORE = '<p>Read more in our article <a href="{article}">What is naltrexone used for?</a></p>'
OFF_LABEL = (
    "<p>LDN is not approved for {name}, so prescribing it for this use is off-label. Talk to your prescriber "
    "before you start, stop or change any medicine.</p>"
)
# How each condition's name reads mid-sentence: common nouns lower-cased, proper names ("Crohn's") kept.
NAME_IN_SENTENCE = {
    "fibromyalgia": "fibromyalgia",
    "crohns-disease": "Crohn's disease",
    "rheumatoid-arthritis": "rheumatoid arthritis",
    "multiple-sclerosis": "multiple sclerosis",
}

CONDITIONS = [
    {
        "name": "Fibromyalgia",
        "slug": "fibromyalgia",
        "key_takeaways": (
            'Fibromyalgia causes widespread pain, tenderness, deep tiredness, poor sleep and "fibro fog".\n'
            "The pain is real, even though muscles and joints are not damaged.\n"
            "Treatment combines several approaches; there is no single cure.\n"
            "In two small studies about 60% of people on low-dose naltrexone reported less pain than on placebo."
        ),
        "hero_image_alt": "Illustration of dots joined by thin lines, like nerve signals, on a soft lilac background",
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
naltrexone (LDN) reported significantly less pain than when they took a placebo, a dummy pill.[1, 2] In the
larger of the two, 31 women took 4.5 mg a day: their pain fell by 28.8% on LDN and by 18.0% on placebo.[2] The
studies were small, so more research is needed.</p>
""",
        "sources": [FIBROMYALGIA_PILOT, FIBROMYALGIA_TRIAL],
    },
    {
        "name": "Crohn's disease",
        "slug": "crohns-disease",
        "key_takeaways": (
            "Crohn's disease is an inflammatory bowel disease (IBD): lasting inflammation of the digestive tract.\n"
            "Irritable bowel syndrome (IBS) is a different, functional disorder and is not a type of IBD.\n"
            "Treatment aims to calm the inflammation and keep flare-ups away.\n"
            "Low-dose naltrexone has shown early promise in a small pilot study."
        ),
        "hero_image_alt": "Illustration of four wavy bands, like the folds of the gut, on a warm sand background",
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
(LDN) has shown early promise. In a small open-label pilot study, 17 people with active Crohn's disease took
4.5 mg of LDN each night for 12 weeks.[1] The evidence is still limited.</p>
""",
        "sources": [CROHNS_PILOT],
    },
    {
        "name": "Rheumatoid arthritis",
        "slug": "rheumatoid-arthritis",
        "key_takeaways": (
            "Rheumatoid arthritis is an autoimmune disease that inflames the lining of the joints.\n"
            "Affected joints can be painful, swollen and stiff.\n"
            "Treatment aims to control the inflammation and protect the joints.\n"
            "Low-dose naltrexone has been reported to ease swelling and pain; its use is still experimental."
        ),
        "hero_image_alt": "Illustration of a bent finger drawn as rounded joints on a soft green background",
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
probably through its effect on the body's inflammatory pathways.[1] The trials so far are small, and LDN use is
still experimental.</p>
""",
        "sources": [LDN_REVIEW],
    },
    {
        "name": "Multiple sclerosis",
        "slug": "multiple-sclerosis",
        "key_takeaways": (
            "Multiple sclerosis is an immune-mediated disease of the brain and spinal cord.\n"
            "Symptoms differ a great deal from one person to another.\n"
            "In a small UCSF study, LDN helped mental health, pain and thinking, but not physical symptoms.\n"
            "Overall the evidence for LDN in MS is mild and not conclusive."
        ),
        "hero_image_alt": "Illustration of a network of nerve cells joined by lines on a soft blue background",
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
<p>A pilot study at the University of California, San Francisco (80 people enrolled, 60 completed) found that
people with MS taking low-dose naltrexone (LDN) reported better mental health, less pain and better thinking in
their daily lives. It made no difference to physical aspects of quality of life, such as fatigue, bladder and
bowel control, sexual satisfaction or vision. Overall, the evidence is mild and not conclusive.[1]</p>
<p>Doses reported for MS are usually 1.75 mg to 4.5 mg once a day at bedtime, often starting at 3.0 mg.</p>
""",
        "sources": [MS_PILOT],
    },
]


# Trust pages and reusable blocks (pages app) -------------------------------------------------------------
# The figures these pages state (review intervals, how long contact requests are kept, the phone number) are
# rendered from settings beside the text, so the text below never types them.

SITE_PAGES: list[dict[str, Any]] = [
    {
        "kind": "editorial-policy",
        "title": "Our editorial policy",
        "summary": "How we write, review, source and correct the health information on this site.",
        "makes_medical_claims": True,
        "body": """
<h2>How we write</h2>
<p>Our writers explain health topics in plain words for people and families affected by addiction and
long-term illness. Every page says who wrote it.</p>
<h2>How we review</h2>
<p>Before any medical page goes live, a licensed medical reviewer who did not write it checks it against the
sources it cites and approves exactly the version that is published. Any later change needs a new review.
Each page shows who reviewed it and when, and every page is reviewed again on a fixed schedule.</p>
<h2>How we choose sources</h2>
<p>We rely on peer-reviewed research, prescribing information and public health agencies. Each claim that
rests on a study is numbered and linked to that study. Where the research is small or early, we say so.</p>
<h2>How we correct mistakes</h2>
<p>If we get something wrong, we fix it, note the correction and its date on the page, and list it in our
corrections log. You can tell us about a possible error through our contact form.</p>
""",
    },
    {
        "kind": "about",
        "title": "About us",
        "summary": "Who we are and why we publish this site.",
        "makes_medical_claims": False,
        "body": """
<p>This is a demonstration site for a publisher of addiction-recovery and health information. The people
named on it are sample people, not real staff.</p>
<p>We publish medically reviewed information to help readers understand their options and talk with their own
clinicians, and we run an admissions team for people looking for treatment.</p>
""",
    },
    {
        "kind": "privacy",
        "title": "Privacy",
        "summary": "What we collect when you contact us, who can see it and how long we keep it.",
        "makes_medical_claims": False,
        "body": """
<p>Reading this site needs no account, and we do not use advertising or tracking cookies.</p>
<p>When you contact our admissions team, we keep what you send so that we can reply. Only the admissions team
can read it, and we never put your details in system logs or emails to staff.</p>
""",
    },
    {
        "kind": "contact-details",
        "title": "Contact details",
        "summary": "How to reach our admissions team, and where to turn in a crisis.",
        "makes_medical_claims": False,
        "body": "<p>You can call us or send a confidential message. Tell us how you would like us to reply.</p>",
    },
]

BLOCKS: list[dict[str, Any]] = [
    {
        "kind": "disclaimer",
        "heading": "Medical disclaimer",
        "body": (
            "<p>The information on this site is for general education. It is reviewed by licensed health "
            "professionals, but it does not replace advice, diagnosis or treatment from your own clinician. Never "
            "stop or change a medicine without talking to your prescriber.</p>"
        ),
    },
    {
        "kind": "contact_cta",
        "heading": "Talk to our admissions team",
        # Short: the side panel is narrow, and the call to action must fit on a 900 px desktop screen.
        "body": "<p>Questions about treatment? We listen in confidence.</p>",
    },
    {
        "kind": "help_panel",
        "heading": "Help is available now",
        "body": (
            '<ul><li>Thinking about suicide or in emotional distress: call or text <a href="tel:988">'
            "<strong>988</strong></a>, the Suicide &amp; Crisis Lifeline.</li>"
            '<li>In an emergency: call <a href="tel:911">911</a>.</li>'
            "<li>SAMHSA's National Helpline, free, confidential, 24/7: "
            '<a href="tel:+18006624357">1-800-662-4357</a>.</li></ul>'
        ),
    },
    {
        "kind": "header_strip",
        "heading": "",
        # Short enough for one line at 390 px: the phone header stays under 15% of the screen.
        "body": (
            '<p>In crisis? Call or text <a href="tel:988"><strong>988</strong></a>. '
            'Emergency: <a href="tel:911">911</a>.</p>'
        ),
    },
]

# The disclaimer and the call to action in Spanish, each a translation of its English block with its own review
# (the disclaimer by the reviewer who reads Spanish). The crisis blocks have none: a Spanish page gives the
# templates' own Spanish crisis text (press 2, AYUDA), never the English block.
BLOCKS_ES: dict[str, dict[str, str]] = {
    "disclaimer": {
        "heading": "Aviso médico",
        "body": (
            "<p>La información de este sitio es educativa y general. La revisan profesionales de la salud con "
            "licencia, pero no reemplaza los consejos, el diagnóstico ni el tratamiento de su propio médico. Nunca "
            "deje ni cambie un medicamento sin hablar antes con quien se lo receta.</p>"
        ),
    },
    "contact_cta": {
        "heading": "Hable con nuestro equipo de admisiones",
        "body": "<p>¿Tiene preguntas sobre el tratamiento? Le escuchamos con total confidencialidad.</p>",
    },
}

# The note readers see on the article after its periodic re-review.
ARTICLE_UPDATE_NOTE = "Medically reviewed again: the dosing information for multiple sclerosis is unchanged."
# How each page and person is pictured (demo_images.py): a motif, a palette and a seed.
ILLUSTRATIONS = {
    ARTICLE_SLUG: ("capsules", "teal", 1),
    "fibromyalgia": ("network", "lilac", 2),
    "crohns-disease": ("waves", "sand", 3),
    "rheumatoid-arthritis": ("joints", "sage", 4),
    "multiple-sclerosis": ("network", "sky", 5),
}
# A person: the background palette, skin and hair tones, hair style and glasses (demo_images.portrait).
PORTRAITS = {
    WRITER["slug"]: ("sky", "medium", "dark", "short", True),
    REVIEWER["slug"]: ("sage", "light", "grey", "bun", False),
}

# The Spanish edition (issue 30): written for Spanish readers from the same facts, doses and sources (the sources
# keep their original titles and identifiers), and reviewed by a sample reviewer who reads Spanish.
REVIEWER_ES = {
    "name": "Sample Revisora",
    "slug": "sample-revisora",
    "credentials": "PharmD",
    "is_medical_reviewer": True,
    "languages": "en, es",
    "licence_number": "DEMO-RPH-000456",
    "job_title": "Clinical pharmacist, Spanish edition reviewer (sample person)",
    "expertise": "Medications for opioid use disorder\nSpanish-language patient education",
    "licence_issuer": "Sample State Board of Pharmacy",
    "photo_alt": (
        "Illustrated portrait of Sample Revisora, a drawing rather than a photograph: a smiling person with long "
        "auburn hair, in a purple top, on a pale lilac background"
    ),
    "bio": (
        "Sample Revisora is a fictional pharmacist who reads English and Spanish and appears only in the demo "
        "content of this site. She reviews the Spanish translations of medical pages."
    ),
}
PORTRAITS[REVIEWER_ES["slug"]] = ("lilac", "medium", "auburn", "long", False)
EDUCATION[REVIEWER_ES["slug"]] = [
    {"degree": "Doctor of Pharmacy (PharmD)", "institution": "Sample University School of Pharmacy", "year": 2015},
]
AFFILIATIONS[REVIEWER_ES["slug"]] = [
    {"kind": "membership", "name": "Sample Association of Hispanic Pharmacists"},
]

ARTICLE_ES: dict[str, Any] = {
    "title": "¿Para qué se usa la naltrexona?",
    "slug": "para-que-se-usa-la-naltrexona",
    "summary": (
        "La naltrexona es un medicamento con receta que ayuda a las personas que se recuperan del trastorno por "
        "consumo de opioides o de alcohol. En una dosis mucho más baja, también se estudia para el dolor y la "
        "inflamación que duran mucho tiempo."
    ),
    "key_takeaways": (
        "La naltrexona bloquea los receptores opioides: los opioides y el alcohol pierden el efecto placentero "
        "que lleva a seguir consumiendo.\n"
        "No es un opioide: no da euforia ni causa dependencia, y el riesgo de mal uso es bajo.\n"
        "Se toma como tableta diaria (ReVia, Depade) o como inyección mensual (Vivitrol).\n"
        "La naltrexona en dosis bajas (LDN) se estudia para el dolor y la inflamación; ese uso no está aprobado."
    ),
    "meta_description": (
        "Cómo ayuda la naltrexona a dejar los opioides y el alcohol, sus formas, su seguridad y qué se sabe de "
        "la naltrexona en dosis bajas (LDN)."
    ),
    "body": """
<p>La naltrexona es un medicamento con receta para tratar el trastorno por consumo de opioides y el trastorno por
consumo de alcohol. Aquí explicamos cómo actúa, cómo se toma, qué tan segura es y por qué algunas personas la
usan en una dosis mucho más baja para problemas como la fibromialgia o la esclerosis múltiple.</p>
<h2>Cómo actúa la naltrexona</h2>
<p>La naltrexona es un antagonista de los opioides. Se une a los receptores opioides del cuerpo, los mismos en
los que actúan las endorfinas, las sustancias naturales que nos hacen sentir bien. Mientras la naltrexona ocupa
esos receptores, la heroína o los analgésicos opioides no producen la euforia de siempre.</p>
<p>Sin esa recompensa, las ganas de seguir consumiendo suelen bajar. Por eso se creó para ayudar a las personas
que se recuperan de la adicción a los opioides. También se usa en el trastorno por consumo de alcohol: quita
parte del efecto agradable de beber y así puede ser más fácil beber menos o dejarlo.[6]</p>
<h2>Formas de naltrexona</h2>
<ul>
<li><strong>Tabletas</strong> que se toman por boca, con marcas como ReVia y Depade.</li>
<li><strong>Una inyección al mes</strong> de naltrexona de liberación prolongada, llamada Vivitrol.[5]</li>
</ul>
<p>Su médico o farmacéutico le ayudará a elegir la forma que mejor le conviene.</p>
<h2>¿Es segura la naltrexona? ¿Se puede abusar de ella?</h2>
<p>La naltrexona no es un opioide. No produce euforia, ni siquiera en dosis altas, y no causa dependencia. Quien
deja de tomarla tiene pocos síntomas de abstinencia. Por eso el riesgo de mal uso es bajo.[5]</p>
<p>Como cualquier medicamento, no es adecuada para todos. Antes de empezar, cuéntele a quien se la receta sobre
su salud y sobre otros medicamentos que toma.</p>
<h2>Naltrexona en dosis bajas (LDN)</h2>
<p>Los investigadores también han estudiado la naltrexona en una dosis de más o menos la décima parte de la que
se usa para tratar la adicción. Se llama naltrexona en dosis bajas, o LDN por su sigla en inglés. En dosis tan
pequeñas parece calmar la inflamación y el dolor.</p>
<h3>La LDN y la microglía</h3>
<p>Una posible explicación tiene que ver con la microglía, unas células de defensa del cerebro y la médula
espinal. Cuando la microglía se activa, puede causar cansancio, fiebre, inflamación y dolor. En dosis bajas, la
naltrexona parece frenar esa activación. Así bajan las citocinas que causan inflamación y unas moléculas
dañinas llamadas superóxidos, que pueden lastimar las células nerviosas.[4]</p>
<p>La LDN se estudia en problemas de salud con inflamación o dolor de larga duración, como la fibromialgia, la
enfermedad de Crohn, la artritis reumatoide y la esclerosis múltiple.[1, 2, 3]</p>
<h2>Cómo se toma la LDN en la esclerosis múltiple</h2>
<p>Las dosis que se han descrito para la esclerosis múltiple suelen ir de 1.75 mg a 4.5 mg, por boca, una vez al
día al acostarse. A menudo se aconseja tomarla entre las 9 de la noche y las 2 de la madrugada. Una dosis
inicial frecuente es de 3.0 mg.[3]</p>
<p>La LDN suele venir en cápsulas de 1.5 mg, lo que facilita ajustar la dosis:</p>
<ul>
<li>dos cápsulas son 3 mg;</li>
<li>tres cápsulas son 4.5 mg.</li>
</ul>
<h2>Hable con quien le receta</h2>
<p>Usar la LDN para la fibromialgia, la enfermedad de Crohn, la artritis reumatoide, la esclerosis múltiple u
otros problemas es un uso fuera de indicación: la naltrexona no está aprobada para estos usos y la investigación
todavía es inicial. No empiece, deje ni cambie un medicamento por su cuenta. Su médico puede decirle si la LDN
podría ser parte de su tratamiento.</p>
""",
}

FIBROMYALGIA_ES: dict[str, Any] = {
    "name": "Fibromialgia",
    "slug": "fibromialgia",
    "also_known_as": "Síndrome de fibromialgia, SFM",
    "summary": (
        "La fibromialgia es un problema de salud de larga duración que causa dolor en todo el cuerpo, mucho "
        "cansancio y mal sueño. El tratamiento busca aliviar los síntomas; la naltrexona en dosis bajas es una "
        "de las opciones que se estudian."
    ),
    "key_takeaways": (
        "La fibromialgia causa dolor en muchas partes del cuerpo, sensibilidad al tacto, mucho cansancio, mal "
        'sueño y "fibroniebla".\n'
        "El dolor es real, aunque los músculos y las articulaciones no estén dañados.\n"
        "El tratamiento combina varias medidas; no hay una sola cura.\n"
        "En dos estudios pequeños, cerca del 60% de las personas con naltrexona en dosis bajas tuvo menos dolor "
        "que con placebo."
    ),
    "body": """
<h2>Síntomas</h2>
<p>La fibromialgia es un trastorno de dolor crónico. Los síntomas más comunes son:</p>
<ul>
<li>dolor en los músculos y alrededor de las articulaciones, en muchas partes del cuerpo a la vez;</li>
<li>sensibilidad: tocar o apretar duele más de lo esperado;</li>
<li>mucho cansancio que no se quita con el descanso;</li>
<li>problemas para pensar, recordar o concentrarse, lo que muchos llaman "fibroniebla";</li>
<li>un sueño que no descansa.</li>
</ul>
<h2>Causas</h2>
<p>Todavía no se sabe bien qué causa la fibromialgia. El dolor es real, aunque los músculos y las
articulaciones no estén dañados.</p>
<h2>Tratamiento</h2>
<p>No hay una sola cura. El tratamiento suele combinar varias medidas para aliviar el dolor, dormir mejor y
seguir activo. Un profesional de la salud puede ayudarle a armar un plan que se adapte a su vida.</p>
<h2>Investigación sobre la naltrexona en dosis bajas</h2>
<p>En dos estudios pequeños publicados por los Institutos Nacionales de la Salud de EE. UU., cerca del 60% de
las personas que tomaban naltrexona en dosis bajas (LDN) dijo tener mucho menos dolor que cuando tomaba un
placebo, una pastilla sin medicamento.[1, 2] En el más grande de los dos, 31 mujeres tomaron 4.5 mg al día: su
dolor bajó un 28.8% con la LDN y un 18.0% con el placebo.[2] Los estudios fueron pequeños; hace falta más
investigación.</p>
<p>La LDN no está aprobada para la fibromialgia, así que recetarla para este uso es un uso fuera de indicación.
Hable con quien le receta antes de empezar, dejar o cambiar cualquier medicamento.</p>
""",
}
# The English fibromyalgia page is reviewed again after its translation went live, so the demo shows a
# translation following an older version (its notice and the editors' dashboard card).
FIBROMYALGIA_REREVIEW_NOTE = "Periodic medical review (demo)."
