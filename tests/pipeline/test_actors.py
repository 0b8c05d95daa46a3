"""The actor stage on hand-written sentences: one table per resolution rule."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from polevent.actordata import ActorData
from polevent.model import Article
from polevent.pipeline.actors import ActorStage
from polevent.pipeline.state import ArticleState

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def stage(nlp):
    return ActorStage(nlp, SimpleNamespace(actors=ActorData.load()))


@pytest.fixture(scope="module")
def code(nlp, stage):
    def run(text: str, date: str = "2023-05-04", actor_stage=None) -> ArticleState:
        d = dt.date.fromisoformat(date)
        state = ArticleState(article=Article(id="t", date=d, text=text), doc=nlp(text),
                             resources=SimpleNamespace(actors=(actor_stage or stage).data))
        (actor_stage or stage)(state)
        return state
    return run


def mention(state: ArticleState, words: str):
    """The mention whose text is exactly ``words`` (fails the test if there is none)."""
    found = [m for m in state.actor_mentions if state.doc[m.start:m.end].text == words]
    assert found, f"no mention {words!r} in {[state.doc[m.start:m.end].text for m in state.actor_mentions]}"
    return found[0]


def summary(m) -> list[tuple]:
    return [(a.country, a.sector) for a in m.actors]


# ------------------------------------------------------------------ countries, demonyms, agents
@pytest.mark.parametrize("text, words, expected, kind", [
    ("Kazakhstan signed the declaration.", "Kazakhstan", [("KAZ", None)], "state"),
    ("Israeli troops fired on the crowd.", "Israeli troops", [("ISR", "MIL")], "group"),
    ("Palestinian protesters marched to the checkpoint.", "Palestinian protesters", [("PSE", "CVL")], "group"),
    ("Serb forces withdrew from the town.", "Serb forces", [("SRB", "MIL")], "group"),
    ("The Turkish government refused to commit.", "Turkish government", [("TUR", "GOV")], "state"),
    ("Ivory Coast rebels rejected the plan.", "Ivory Coast rebels", [("CIV", "REB")], "group"),
    ("Kazakhstan's foreign minister said the talks went well.", "Kazakhstan's foreign minister",
     [("KAZ", "GOV")], "person"),
    ("Officials of Uzbekistan attended the summit.", "Officials of Uzbekistan", [("UZB", "GOV")], "group"),
    ("Rebels in the Ivory Coast dismissed the appeal.", "Rebels in the Ivory Coast", [("CIV", "REB")], "group"),
    ("The Israeli army spokesman denied it.", "Israeli army spokesman", [("ISR", "MIL")], "person"),
    ("Egyptian police arrested two men.", "Egyptian police", [("EGY", "COP")], "group"),
    ("Thousands of Palestinians marched.", "Palestinians", [("PSE", "CVL")], "group"),
    ("Bangladesh rejected an Indian proposal.", "Indian", [("IND", None)], "state"),
    ("Emirati and Thai officials met.", "Emirati and Thai officials", [("ARE", "GOV"), ("THA", "GOV")], "group"),
    ("University students throughout Indonesia marched.", "University students throughout Indonesia",
     [("IDN", "EDU")], "group"),
    ("Doctors from two American aid groups delivered goods.", "Doctors from two American aid groups",
     [("USA", "MED")], "group"),
    ("A terror group based in Trinidad made threats.", "terror group based in Trinidad", [("TTO", "REB")], "group"),
    ("Bombers of the U.S. airliner were named.", "U.S.", [("USA", None)], "state"),
])
def test_countries_demonyms_and_agents(code, text, words, expected, kind):
    m = mention(code(text), words)
    assert summary(m) == expected
    assert m.actors[0].kind == kind
    assert all(a.reason for a in m.actors)


@pytest.mark.parametrize("text", [
    "They ate turkey at dinner.",
    "Latin American economies grew.",
    "Chad Smith scored twice.",
])
def test_words_that_only_look_like_countries(code, text):
    state = code(text)
    assert [a.country for m in state.actor_mentions for a in m.actors if a.country] == []


# ------------------------------------------------------------------------ people and titles
@pytest.mark.parametrize("text, date, words, country, role, sector, name", [
    ("Kazakh President Kassym-Jomart Tokayev met reporters.", "2023-05-04",
     "Kazakh President Kassym-Jomart Tokayev", "KAZ", "head of state", "GOV", "Kassym-Jomart Tokayev"),
    ("Tokayev spoke to the Senate.", "2023-05-04", "Tokayev", "KAZ", "head of state", "GOV",
     "Kassym-Jomart Tokayev"),
    ("Tokayev spoke to the Senate.", "2001-05-01", "Tokayev", "KAZ", "head of government", "GOV",
     "Kassym-Jomart Tokayev"),
    ("President of Tajikistan Emomali Rahmon said the talks were constructive.", "2023-05-04",
     "President of Tajikistan Emomali Rahmon", "TJK", "head of state", "GOV", "Emomali Rahmon"),
    ("The Tajik leader arrived in Astana.", "2023-05-04", "Tajik leader", "TJK", "leader", "GOV", "Emomali Rahmon"),
    ("Erdogan said Turkey would respond.", "2023-05-04", "Erdogan", "TUR", "head of state", "GOV",
     "Recep Tayyip Erdogan"),
    ("Tajik Foreign Minister John Doe said the border was calm.", "2023-05-04",
     "Tajik Foreign Minister John Doe", "TJK", "foreign minister", "GOV", "John Doe"),
    ("Ousted President Askar Akayev agreed to resign.", "2005-03-30", "President Askar Akayev", "KGZ",
     "former head of state", "ELI", "Askar Akayev"),
    ("Lebanon's new President Elias Hrawi took office.", "2000-01-01", "Lebanon's new President Elias Hrawi",
     "LBN", "head of state", "GOV", "Elias Hrawi"),
    ("Nazarbayev opened the forum.", "2023-05-04", "Nazarbayev", "KAZ", "former security council chairman",
     "ELI", "Nursultan Nazarbayev"),
])
def test_people_titles_and_dates(code, text, date, words, country, role, sector, name):
    actor = mention(code(text, date), words).actors[0]
    assert (actor.country, actor.role, actor.sector, actor.name) == (country, role, sector, name)
    assert actor.code == country + sector


@pytest.mark.parametrize("text, date, words, country, role, name", [
    ("Kenzo Oshima, the United Nations Emergency Relief Coordinator, demanded access.", "2004-01-01",
     "Kenzo Oshima, the United Nations Emergency Relief Coordinator", "IGO", "coordinator", "Kenzo Oshima"),
    ("Sheikh Tamim, Qatar's emir, met the envoy.", "2015-01-01", "Sheikh Tamim, Qatar's emir", "QAT",
     "head of state", "Tamim bin Hamad Al Thani"),
])
def test_title_in_apposition_gives_the_affiliation(code, text, date, words, country, role, name):
    actor = mention(code(text, date), words).actors[0]
    assert (actor.country, actor.role, actor.name) == (country, role, name)


def test_same_name_at_two_dates_gives_two_roles(code):
    a2001 = mention(code("Tokayev arrived.", "2001-05-01"), "Tokayev").actors[0]
    a2023 = mention(code("Tokayev arrived.", "2023-05-04"), "Tokayev").actors[0]
    assert a2001.id == a2023.id and (a2001.role, a2023.role) == ("head of government", "head of state")


@pytest.mark.parametrize("text, date, full, short, reason", [
    # Zhivkov is only in the extracted 2014 dictionary, which lists no surnames
    ("Todor Zhivkov met the envoy. Later, Zhivkov said he was hopeful.", "1980-01-01", "Todor Zhivkov", "Zhivkov",
     "surname-coreference"),
    ("Elias Hrawi met the envoy. Later, Hrawi said he was hopeful.", "1995-01-01", "Elias Hrawi", "Hrawi",
     "person-surname"),
])
def test_surname_after_full_name_is_the_same_person(code, text, date, full, short, reason):
    state = code(text, date)
    first, later = mention(state, full).actors[0], mention(state, short).actors[0]
    assert later.id == first.id and later.country == first.country and later.role == first.role
    assert later.reason == reason


def test_ambiguous_name_stays_unresolved(code, nlp, tmp_path):
    extra = tmp_path / "people.csv"
    extra.write_text("id,name,aliases,country,role,sector,start,end,source,note\n"
                     "U-1,Ali Rahmon,Rahmon,AFG,minister,GOV,2020,,test,\n", encoding="utf-8")
    own = ActorStage(nlp, SimpleNamespace(actors=ActorData.load(extra_files=[extra])))
    state = code("Rahmon said the road was open.", "2023-05-04", actor_stage=own)
    assert [a for m in state.actor_mentions for a in m.actors] == []


def test_shared_surname_in_one_country_keeps_only_the_country(code):
    actor = mention(code("Singh said the talks would go on.", "2005-01-01"), "Singh").actors[0]
    assert (actor.country, actor.name, actor.id) == ("IND", None, None)


# ------------------------------------------------------------------- capitals, seats, IGOs
@pytest.mark.parametrize("text, words, expected", [
    ("Moscow said it would respond.", "Moscow", [("RUS", "GOV")]),
    ("The White House announced new sanctions.", "White House", [("USA", "GOV")]),
    ("The Kremlin rejected the claim.", "Kremlin", [("RUS", "GOV")]),
    ("Beijing protested the visit.", "Beijing", [("CHN", "GOV")]),
    ("The Khartoum government lifted the curfew.", "Khartoum government", [("SDN", "GOV")]),
    ("The U.N. Security Council extended the mandate.", "U.N. Security Council", [("IGO", "GOV")]),
    ("A UN spokesman said aid had arrived.", "UN spokesman", [("IGO", "GOV")]),
    ("NATO warplanes struck the depot.", "NATO warplanes", [("IGO", "MIL")]),
    ("Hamas fired rockets at Israel.", "Hamas", [("PSE", "REB")]),
    ("Amnesty International accused the government.", "Amnesty International", [("NGO", None)]),
])
def test_capitals_seats_and_organisations(code, text, words, expected):
    assert summary(mention(code(text), words)) == expected


@pytest.mark.parametrize("text, capital", [
    ("He arrived in Moscow on Monday.", "Moscow"),
    ("The Beijing Olympics opened.", "Beijing"),
    ("Talks were held at the White House.", "White House"),
])
def test_capital_as_a_place_is_no_actor(code, text, capital):
    state = code(text)
    assert all(capital not in state.doc[m.start:m.end].text for m in state.actor_mentions)


def test_igo_actor_carries_its_code(code):
    actor = mention(code("The UN Security Council met."), "UN Security Council").actors[0]
    assert (actor.kind, actor.code, actor.name) == ("igo", "IGOUNOSEC", "United Nations Security Council")


# ------------------------------------------------------------------ compounds and pairs
@pytest.mark.parametrize("text, words, expected", [
    ("Kazakhstan and Tajikistan signed the declaration.", "Kazakhstan and Tajikistan", [("KAZ", None), ("TJK", None)]),
    ("Britain, France and Germany objected.", "Britain, France and Germany",
     [("GBR", None), ("FRA", None), ("DEU", None)]),
    ("The Kazakh and Tajik presidents met.", "Kazakh and Tajik presidents", [("KAZ", "GOV"), ("TJK", "GOV")]),
    ("US and British forces must ensure security.", "US and British forces", [("USA", "MIL"), ("GBR", "MIL")]),
])
def test_compound_subjects_are_one_mention(code, text, words, expected):
    m = mention(code(text), words)
    assert summary(m) == expected and m.reason == "compound"


@pytest.mark.parametrize("phrase, sector", [
    ("The two sides", None), ("Both countries", None), ("The Presidents", "GOV"), ("The parties", None),
    ("The two leaders", "GOV"),
])
def test_collective_phrases_mean_the_main_pair(code, phrase, sector):
    text = (f"Kazakhstan and Tajikistan signed a roadmap in Dushanbe. Kazakhstan exports wheat. "
            f"{phrase} agreed to meet again.")
    state = code(text)
    assert state.notes["main_countries"] == ["KAZ", "TJK"]
    assert summary(mention(state, phrase)) == [("KAZ", sector), ("TJK", sector)]


def test_no_pair_without_two_countries(code):
    state = code("Kazakhstan held elections. The two sides agreed to talk.")
    assert state.notes["main_countries"] == []
    assert all(m.reason != "pair" for m in state.actor_mentions)


def test_countries_of_a_region_are_not_the_pair(code):
    state = code("Kazakhstan and Tajikistan met. The countries of Central Asia face droughts.")
    assert all(m.reason != "pair" for m in state.actor_mentions)


def test_sample_article(code, kz_sample):
    text = kz_sample.read_text(encoding="utf-8").split(" ", 2)[2]
    state = code(text, "2023-05-04")
    people = {(a.name, a.country, a.role) for m in state.actor_mentions for a in m.actors if a.kind == "person"}
    assert ("Kassym-Jomart Tokayev", "KAZ", "head of state") in people
    assert ("Emomali Rahmon", "TJK", "head of state") in people
    assert not any(a.sector == "ELI" for m in state.actor_mentions for a in m.actors)
    assert state.notes["main_countries"] == ["KAZ", "TJK"]


# ------------------------------------------------------------------ actors in article context (issue 11)
def covering(state: ArticleState, word: str):
    """The innermost mention covering the first token whose text is ``word``."""
    tok = next(t for t in state.doc if t.text == word)
    m = state.mention_at(tok.i)
    assert m is not None, f"no mention covers {word!r}"
    return m.actors[0]


@pytest.mark.parametrize("text, person, reason", [
    ("Mira Talen of the Tajik Freedom Campaign, a human rights group, said the Tajik government had jailed "
     "activists.", "Talen", "person-of-org"),
    ("Omar Lindqvist, a spokesman for the Baltic Press Foundation, said the ban was unlawful.", "Lindqvist",
     "person-apposition"),
    ("Jonas Reel from the Sahelwatch monitoring group said soldiers had fired on the crowd.", "Reel",
     "person-of-org"),
    ("Ada Morn, head of the Kyrgyz Observatory for Civil Liberties, a Bishkek-based monitor, said 12 people "
     "were held.", "Morn", "person-apposition"),
])
def test_people_of_an_organisation_take_the_organisation(code, text, person, reason):
    state = code(text)
    a = covering(state, person)
    assert (a.country, a.kind, a.code) == ("NGO", "person", "NGO")
    assert a.name.endswith(person) and reason in a.reason
    # the country word inside the organisation's name is not an actor of its own
    assert not any(x.sector == "GOV" and x.reason.startswith("country") for x in [a])
    assert not any(m.actors[0].country == "KGZ" and m.actors[0].sector is None for m in state.actor_mentions)


def test_organisation_named_and_described_in_the_article(code):
    state = code("The Kyrgyz Observatory for Civil Liberties said police beat two students. The Observatory "
                 "later published the names. Latvian analysts were not surprised.")
    org = covering(state, "Kyrgyz")
    assert (org.kind, org.country, org.code, org.sector) == ("ngo", None, "NGO", "SOC")
    again = [m.actors[0] for m in state.actor_mentions if state.doc[m.start:m.end].text == "Observatory"]
    assert again and again[0].name == org.name and "repeated" in again[0].reason
    analysts = covering(state, "Latvian")
    assert (analysts.country, analysts.sector) == ("LVA", "SOC")  # analysts are not the government


@pytest.mark.parametrize("text", [
    "The Kyrgyz National Security Council met on Tuesday.",
    "The Kyrgyz Foreign Ministry Institute published a report.",
])
def test_state_bodies_are_not_ngos(code, text):
    assert not any(a.kind == "ngo" for m in code(text).actor_mentions for a in m.actors)


def test_place_before_based_is_not_an_actor(code):
    state = code("Sahelwatch, a Dakar-based monitoring group, counted 40 dead.")
    assert not any(a.country == "SEN" for m in state.actor_mentions for a in m.actors)
    assert covering(state, "Sahelwatch").kind == "ngo"


def test_named_party_keeps_the_country_of_its_name_only(code):
    state = code("Ines Varga, head of the Green Dawn party, criticised the plan. The Estonian Unity party "
                 "agreed.")
    varga = covering(state, "Varga")
    assert (varga.sector, varga.country, varga.kind) == ("PTY", None, "person")
    est = covering(state, "Unity")
    assert (est.sector, est.country) == ("PTY", "EST")


def test_british_parties_carry_their_country(code):
    a = covering(code("Labour leader Ann Fox criticised the budget."), "Labour")
    assert (a.country, a.sector) == ("GBR", "PTY")


@pytest.mark.parametrize("text, home, why", [
    ("TBILISI — The cabinet approved the budget on Friday. Police detained two protesters.", "GEO", "dateline"),
    ("Tbilisi (Reuters) - The cabinet approved the budget on Friday.", "GEO", "dateline"),
    ("The Georgian government defended the budget. The Georgian parliament passed it. Later the cabinet met.",
     "GEO", "named institutions"),
])
def test_home_country_for_institutions_named_without_one(code, text, home, why):
    state = code(text)
    assert state.notes["home_country"][0] == home and why in state.notes["home_country"][1]
    cabinet = covering(state, "cabinet")
    assert (cabinet.country, cabinet.sector) == (home, "GOV")
    assert "home-country" in cabinet.reason or "coref" in cabinet.reason
    assert not any(m.actors[0].reason == "capital-metonym" for m in state.actor_mentions)  # the dateline


def test_no_home_country_without_clear_evidence(code):
    state = code("The Armenian government and the Azerbaijani government traded accusations. Officials said "
                 "the cabinet would meet.")
    assert state.notes["home_country"] is None
    assert covering(state, "cabinet").country is None


@pytest.mark.parametrize("text, word", [
    ("TBILISI — Local authorities closed the road.", "authorities"),
    ("TBILISI — The government of the breakaway region refused.", "government"),
    ("TBILISI — Its parliament voted on Friday.", "parliament"),
])
def test_owner_named_otherwise_blocks_the_home_country(code, text, word):
    assert covering(code(text), word).country is None


def test_armies_take_the_home_country_only_with_a_dateline(code):
    text = "The Georgian government defended the budget. The Georgian parliament passed it. The army objected."
    assert covering(code(text), "army").country is None
    assert covering(code("TBILISI — " + text), "army").country == "GEO"


def test_definite_title_refers_to_the_one_person_of_that_role(code):
    state = code("Estonian Foreign Minister Kadri Lumi arrived in Riga on Monday. The minister said talks would "
                 "resume.")
    m = covering(state, "minister")
    assert (m.name, m.country) == ("Kadri Lumi", "EST") and m.reason.startswith("coref:")
    two = code("Estonian Foreign Minister Kadri Lumi met Latvian Foreign Minister Janis Berg. The minister said "
               "talks would resume.")
    assert covering(two, "minister").country is None  # two ministers: unresolved


def test_the_group_and_the_militants_refer_to_the_organisation_named_before(code):
    state = code("Al-Shabaab fighters attacked a village near Baidoa. The militants burned homes. The group "
                 "said it would attack again.")
    assert covering(state, "militants").name == "Al-Shabaab"
    assert covering(state, "group").name == "Al-Shabaab"
    far = code("Al-Shabaab fighters attacked a village. Rain fell. Rain fell again. Rain fell once more. "
               "The militants burned homes.")
    assert covering(far, "militants").country is None  # too far back


def test_pronoun_antecedent_is_noted_for_the_event_stage(code):
    state = code("Estonian Foreign Minister Kadri Lumi arrived in Riga. He praised the hosts.")
    he = next(t.i for t in state.doc if t.text == "He")
    actor, reason = state.notes["pronoun_antecedents"][he]
    assert actor.name == "Kadri Lumi" and reason.startswith("coref:pronoun")


@pytest.mark.parametrize("text, country", [
    ("ISTANBUL — Prosecutors opened a case.", "TUR"),  # a city that is no capital: the gazetteer
    ("KABUL, Afghanistan — The ministry said.", "AFG"),
    ("Dushanbe (AP) -- The cabinet met.", "TJK"),
    ("Turkey - which has long objected - met.", None),  # running text, not a dateline
    ("The cabinet met in Ankara.", None),
])
def test_datelines(resources, text, country):
    from polevent.pipeline.home import dateline_country

    found = dateline_country(text, resources.actors, resources.gazetteer)
    assert (found[0] if found else None) == country


def test_weak_weekday_cue_alone_is_not_enough(resources):
    from polevent.pipeline.home import home_country

    assert home_country("Talks were held in Ankara on Monday.", [], resources.actors) is None


@pytest.mark.parametrize("text, words, country, org_code", [
    ("Ivo Reyes, Obama's Yemen envoy, said no.", "Ivo Reyes, Obama's Yemen envoy", "USA", "USAGOV"),
    ("The UN Yemen envoy Ivo Reyes met rebels.", "UN Yemen envoy Ivo Reyes", "IGO", "IGOUNO"),
    ("The US Iran negotiator left Vienna.", "US Iran negotiator", "USA", "USAGOV"),
])
def test_envoy_to_a_country_acts_for_the_first_affiliation(code, text, words, country, org_code):
    a = mention(code(text), words).actors[0]
    assert (a.country, a.code, a.sector) == (country, org_code, "GOV") and "envoy-of-possessor" in a.reason


@pytest.mark.parametrize("text, words, name", [
    ("Isis fighters attacked the village.", "Isis fighters", "Islamic State"),
    ("Nato warned Moscow.", "Nato", "NATO"),
])
def test_acronyms_written_as_words(code, text, words, name):
    assert mention(code(text), words).actors[0].name == name


def test_campaigners_and_analysts_alone_are_no_actors(code):
    state = code("Campaigners marched while analysts watched.")
    assert state.actor_mentions == []


@pytest.mark.parametrize("text", [
    "The British prime minister, Theresa May, met the Chilean president. Talks resume on May 5.",
    "Theresa May met the Chilean president. Talks resume in May.",
])
def test_a_month_is_not_the_person_of_that_surname(code, text):
    state = code(text, date="2019-01-10")
    months = [m for m in state.actor_mentions if state.doc[m.start:m.end].text == "May" and m.start > 8]
    assert months == []
