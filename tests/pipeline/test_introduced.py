"""People as the article introduces them (pipeline/introduced.py), through the whole pipeline."""


def targets(coder, make_article, text, sentence=1):
    return [(e.source.code, e.target.code if e.target else None)
            for e in coder.code_one(make_article(text)).events if e.evidence.sentence_index == sentence]


def test_title_before_an_unknown_name_gives_later_surnames_its_affiliation(coder, make_article):
    text = ("The Chilean foreign minister, Tomasa Urrutia, arrived in Lima on Monday. "
            "Peru's president praised Urrutia on Tuesday.")
    assert targets(coder, make_article, text) == [("PERGOV", "CHLGOV")]


def test_without_the_introduction_the_unknown_surname_names_no_one(coder, make_article):
    assert targets(coder, make_article, "Peru's president praised Urrutia on Tuesday.", sentence=0) == \
        [("PERGOV", None)]


def test_the_articles_title_beats_an_older_office_in_the_actor_data(coder, make_article):
    """The data knows this person only in offices that ended before the article's date ("former")."""
    introduced = ("The US national security adviser, Condoleezza Rice, flew to Cairo on Monday. "
                  "Egypt's foreign minister praised Rice on Tuesday.")
    assert targets(coder, make_article, introduced) == [("EGYGOV", "USAGOV")]
    bare = "Condoleezza Rice flew to Cairo on Monday. Egypt's foreign minister praised Rice on Tuesday."
    assert targets(coder, make_article, bare) == [("EGYGOV", "USAELI")]


def test_a_surname_two_introduced_people_share_is_left_alone(coder, make_article):
    text = ("The Chilean foreign minister, Tomasa Urrutia, met the Bolivian envoy, Jorge Urrutia, on Monday. "
            "Peru's president praised Urrutia on Tuesday.")
    assert targets(coder, make_article, text) == [("PERGOV", None)]


def test_the_two_leaders_are_the_two_named_just_before_not_the_articles_main_pair(coder, make_article):
    text = ("Ecuador accused Colombia of shelling its border posts. Colombia denied it. Ecuador repeated the charge. "
            "The Peruvian president, Ana Ruiz, spoke by phone with the Chilean president, Luis Mora, on Tuesday. "
            "The two leaders agreed to hold a summit in Lima.")
    last = [e for e in coder.code_one(make_article(text)).events if e.evidence.sentence_index == 4]
    assert last and {e.source.country for e in last} == {"PER", "CHL"}


def test_government_forces_are_armed_forces_and_a_government_spokesman_is_government(coder, make_article):
    forces = coder.code_one(make_article("Bolivian government forces attacked rebel camps on Monday.")).events
    assert forces and {e.source.code for e in forces} == {"BOLMIL"}
    spokesman = coder.code_one(make_article("A Bolivian government spokesman condemned Chile on Monday.")).events
    assert spokesman and {e.source.code for e in spokesman} == {"BOLGOV"}


def test_an_agent_named_by_the_organisation_after_it_is_that_organisation(coder, make_article):
    for text in ("The Palestinian militia, Hamas, fired rockets at Israeli towns on Monday.",
                 "Israeli towns were shelled by the militia Hamas on Monday."):
        events = coder.code_one(make_article(text)).events
        assert events and {e.source.code for e in events} == {"PSEREBHMS"}, text


def test_a_pronoun_far_from_the_last_act_is_not_its_source(coder, make_article):
    text = ("Chile expelled the Bolivian ambassador on Monday. The weather in Santiago was mild. "
            "Markets were calm. Trading volumes were low. He condemned the decision on Tuesday.")
    late = [e for e in coder.code_one(make_article(text)).events if e.evidence.sentence_index == 4]
    assert not any(e.source.country == "CHL" for e in late)


def test_a_sentence_opening_pronoun_takes_the_one_person_named_just_before(coder, make_article):
    text = ("Chile expelled the Bolivian ambassador on Monday. The weather in Santiago was mild. "
            "Markets were calm. The Peruvian foreign minister, Ana Ruiz, arrived in Quito. "
            "She condemned Bolivia on Tuesday.")
    late = [e for e in coder.code_one(make_article(text)).events if e.evidence.sentence_index == 4]
    assert late and {e.source.country for e in late} == {"PER"}


def test_a_reporting_he_takes_the_one_person_of_the_previous_sentence(coder, make_article):
    text = ("The proposals follow guidelines set out by Ana Ruiz, the Peruvian foreign minister. "
            "The Bolivian negotiator Luis Mora told reporters it was a black comedy. "
            "“They have all failed,” he said, blasting Chile as the cause of the crisis.")
    last = [e for e in coder.code_one(make_article(text)).events if e.evidence.sentence_index == 2]
    assert last and {e.source.country for e in last} == {"BOL"}


def test_a_title_with_its_post_before_the_name_and_a_later_title_with_the_surname(coder, make_article):
    text = ("Chile's ambassador to Peru, Tomasa Urrutia, arrived in Lima on Monday. The Bolivian ambassador "
            "said so. Ecuador said so. Colombia said so. Ambassador Urrutia condemned Bolivia on Tuesday.")
    last = [e for e in coder.code_one(make_article(text)).events if e.evidence.sentence_index == 4]
    assert last and {e.source.code for e in last} == {"CHLGOV"}


def test_the_head_of_a_named_agency_acts_for_the_agency_not_the_bare_country(coder, make_article):
    text = "The director of the British intelligence agency MI6, Jo Roe, accused Russia of the attack."
    events = coder.code_one(make_article(text)).events
    assert events and {e.source.code for e in events} == {"GBRSPYMI6"}
