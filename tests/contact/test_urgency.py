import pytest

from contact.urgency import suggests_crisis


@pytest.mark.parametrize(
    "text",
    [
        "I have been thinking about suicide",
        "She is suicidal and won't talk to me",
        "I want to kill myself",
        "I\u2019m going to end my life",
        "I don't want to live anymore",
        "my son overdosed on Saturday",
        "he OD'd twice this year",
        "I think I took an overdose",
        "she has been self-harming",
        "I keep hurting myself",
        "he is not breathing properly after the pills",
    ],
)
def test_crisis_wording_is_recognised(text):
    assert suggests_crisis(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "How much does outpatient treatment cost?",
        "Is low-dose naltrexone right for my fibromyalgia?",
        "What dosage do you usually start with?",
        "I am an odd one, I know",
        "My dad works in coding and needs evening sessions",
    ],
)
def test_ordinary_questions_are_not_urgent(text):
    assert not suggests_crisis(text)
