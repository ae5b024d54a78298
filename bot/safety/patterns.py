"""The crisis patterns: what counts as words of crisis, and the everyday sayings that only look like them.

Patterns are written in a small notation over normalised words (see bot.safety.normalise), one slot per word:

    "kill|killing myself"        either word, then "myself"
    "@DRUGS"                     any word in the set DRUGS below
    "just?"                      an optional word;  "@FILL*"  any number of words from FILL
    "!this|fear"                 one word that is NOT one of these

A Rule with at_end=True only counts at the end of a thought (the end of a sentence, or a comma or dash),
allowing a few small words after it (TRAILING): "I'm going to jump", "I'm going to jump now, help" are a
crisis; "I'm going to jump at the chance" is not.

How we decided (safety first, but not on every figure of speech):
- Anything reflexive about killing or hurting oneself counts, even the overwork saying "I'm killing
  myself to meet targets": the words are too close to the real thing to guess. "killing myself
  laughing" is the one exception.
- Sayings where something else is "killing me" ("this job is killing me", "my feet are killing me",
  "the deadline is killing me") are NOT a crisis on their own. They are very common, and they say work
  is hard, not that the person is in danger. That need is met by handing over to an employment
  specialist (reason in_work_struggling). If the same message also says "I want to die" or
  "I can't go on", that part is caught.
- Negation does not cancel: "I'm not suicidal, but..." still gets the crisis help. Showing the numbers
  to someone who did not need them costs little; missing someone who did costs a great deal.
- Medicines: many people with a health condition take a lot of tablets, so "I take all my tablets in the
  morning" is ordinary. "All my pills" counts with intent ("I'm going to take all my pills"); in the
  past tense it needs a stronger amount ("a whole packet", "too many").
- Accidents are not self-harm: "I cut myself shaving", "I hurt myself at work".
- Violence: "someone is going to kill me" and "he hits me" count as immediate danger. "My mum will
  kill me if I'm late" does not: a named family member with "kill" is nearly always a figure of
  speech, but with "hurt", "hit" or "attack" it counts.
"""
from __future__ import annotations

from typing import NamedTuple

SUICIDE = "suicide"
SELF_HARM = "self_harm"
DANGER_TO_OTHERS = "danger_to_others"
IMMEDIATE_DANGER = "immediate_danger"
# Most urgent first: when one message matches several rules, the first category here wins.
CATEGORIES = (IMMEDIATE_DANGER, DANGER_TO_OTHERS, SUICIDE, SELF_HARM)


# Small words that may follow an at_end rule without changing its meaning: "I can't go on anymore tbh".
TRAILING = frozenset("""please help me tbh honestly really x xx xxx lol though now today tonight right soon i
    think just so sorry anyway anymore ok okay""".split())


class Rule(NamedTuple):
    category: str
    pattern: str
    at_end: bool = False


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


SETS: dict[str, tuple[str, ...]] = {
    "KILL_SELF": _words("""kill killing killed kills unalive unaliving hang hanging hanged drown drowning
        poison poisoning suffocate suffocating gas gassing shoot shooting shot off offing"""),
    "HARM_SELF": _words("""hurt hurting hurts harm harming harmed cut cutting cuts burn burning burned burnt
        starve starving starved injure injuring injured scratch scratching scratched punch punching
        punched hit hitting bite biting"""),
    "WANTS": _words("want wanted wanting wants wish wished wishing ready deserve deserves like"),
    "DRUGS": _words("""pills pill tablets tablet medication medicine medicines painkillers paracetamol
        ibuprofen aspirin cocodamol codeine tramadol morphine insulin antidepressants sertraline
        citalopram fluoxetine mirtazapine diazepam lithium drugs prescription heroin cocaine"""),
    # "all my pills" is a crisis only with intent ("going to take all my pills"): people with a health
    # condition often say "I take all my tablets in the morning". Past tense needs a stronger amount.
    "AMOUNT": _words("""all every whole entire loads load lots lot handful bottle bottles box boxes packet
        packets pack packs strip strips too stash"""),
    "PAST_AMOUNT": _words("whole entire bottle bottles box boxes packet packets pack packs strip strips too stash"),
    "FILL": _words("of my the a an these those me many much sleeping pain full"),
    "TAKE": _words("take swallow down neck"),
    "TAKING": _words("taking swallowing downing necking"),
    "TAKEN": _words("took taken swallowed downed necked"),
    "HIGH": _words("""bridge building roof cliff balcony tower window car park multistorey flyover motorway
        ledge"""),
    "VEHICLE": _words("train bus car lorry truck tube traffic tram van"),
    "OTHERS": _words("someone somebody people everyone everybody anyone anybody others"),
    "PERSON": _words("someone somebody people everyone everybody anyone anybody others him her them"),
    "FAMILY": _words("""baby babies child children kids kid son daughter partner wife husband boyfriend
        girlfriend mum mother dad father family brother sister carer"""),
    "VIOLENT_STRONG": _words("kill killing murder murdering stab stabbing shoot shooting strangle strangling"),
    "VIOLENT": _words("""kill murder stab shoot strangle hurt harm attack killing murdering stabbing shooting
        strangling hurting harming attacking"""),
    "VIOLENT_ING": _words("killing murdering stabbing shooting strangling hurting harming attacking"),
    "SUBJ_ANY": _words("someone somebody he she they"),
    "SUBJ_KNOWN": _words("""partner husband wife boyfriend girlfriend ex dad father stepdad mum mother
        stepmum brother sister son daughter carer neighbour landlord man"""),
    "HARM_BASE": _words("hurt attack hit stab rape strangle harm"),
    "HARM_ING": _words("hurting attacking hitting stabbing raping strangling harming threatening stalking abusing"),
    "HARM_DONE": _words("""hurts hurt attacks attacked hits hit stabs stabbed raped rapes strangles strangled
        harms harmed threatens threatened abuses abused assaulted assaults stalks"""),
    "DIE_IDIOMS": _words("""embarrassment shame boredom laughing laughter cringe curiosity excitement happiness
        envy jealousy hunger thirst fright shock"""),
    "ACCIDENT": _words("""accidentally shaving cooking chopping lifting falling tripping slipping playing
        gardening exercising running training moving"""),
    "FEELINGS": _words("""feelings chances career reputation business prospects pride case application
        interests"""),
}
SETS["SUBJ"] = SETS["SUBJ_ANY"] + SETS["SUBJ_KNOWN"]
SETS["AFTER_OVERDOSE"] = SETS["DRUGS"] + SETS["FILL"] + SETS["AMOUNT"] + _words("them it some")

RULES: tuple[Rule, ...] = (
    # ------------------------------------------------------------------ suicide
    Rule(SUICIDE, "@KILL_SELF myself"),
    Rule(SUICIDE, "unalive|unaliving|unalived"),
    Rule(SUICIDE, "suicide|suicidal|suicidally|suicidality"),
    Rule(SUICIDE, "end|ending|ended|take|taking|took my own? life"),
    Rule(SUICIDE, "end|ending it all"),
    Rule(SUICIDE, "end|ending everything", at_end=True),
    Rule(SUICIDE, "to end it|things|everything", at_end=True),
    Rule(SUICIDE, "end it now|tonight|today", at_end=True),
    Rule(SUICIDE, "ending it", at_end=True),
    Rule(SUICIDE, "it all to stop|end"),
    Rule(SUICIDE, "want|wants|wanted everything to stop|end"),
    Rule(SUICIDE, "make it all stop"),
    Rule(SUICIDE, "give|giving|gave|given up on life|living"),
    Rule(SUICIDE, "my life is over", at_end=True),
    Rule(SUICIDE, "nobody|noone would|will miss me"),
    Rule(SUICIDE, "@WANTS to just? die"),
    Rule(SUICIDE, "wish|wished|hope i could|would|can|will|might? die|died"),
    Rule(SUICIDE, "wish|wished|hope i was|were|could|would|am be? dead"),
    Rule(SUICIDE, "want|wants|wanted to be dead"),
    Rule(SUICIDE, "better off dead"),
    Rule(SUICIDE, "rather be dead"),
    Rule(SUICIDE, "wish|wished i was|were|had never|not been? born"),
    Rule(SUICIDE, "not|never want to live|exist|living"),
    Rule(SUICIDE, "not|never want to be alive|living"),
    Rule(SUICIDE, "not|never want to wake up"),
    Rule(SUICIDE, "not want to be here|around", at_end=True),
    Rule(SUICIDE, "not want to be here|around anymore|now"),
    Rule(SUICIDE, "want to be here|around no more|longer"),
    Rule(SUICIDE, "not want to go|carry on", at_end=True),
    Rule(SUICIDE, "not want to go|carry on living|like|anymore"),
    Rule(SUICIDE, "tired|sick of my? living|life|existing"),
    Rule(SUICIDE, "tired|sick of being alive"),
    Rule(SUICIDE, "done|finished with life|living"),
    Rule(SUICIDE, "no|nothing point|reason|reasons in|of|for? living|existing|life"),
    Rule(SUICIDE, "no point|reason to live|exist"),
    Rule(SUICIDE, "no point|reason in|to? going|go|carrying|carry on", at_end=True),
    Rule(SUICIDE, "nothing|nobody|noone|one left? to live for"),
    Rule(SUICIDE, "not worth living"),
    Rule(SUICIDE, "life is not worth it"),
    Rule(SUICIDE, "point of living|life|existing"),
    Rule(SUICIDE, "point in living|existing"),
    Rule(SUICIDE, "point anymore", at_end=True),
    Rule(SUICIDE, "better off without me|us"),
    Rule(SUICIDE, "better off if|when i was|were|am|is gone|dead"),
    Rule(SUICIDE, "better off if|when i was|were|am|is not here|around|alive"),
    Rule(SUICIDE, "better off if|when i was|were|had never been? born"),
    Rule(SUICIDE, "can not go|carry on", at_end=True),
    Rule(SUICIDE, "can not go|carry on like|anymore|living|much"),
    Rule(SUICIDE, "can not take|do|cope it|this? anymore"),
    Rule(SUICIDE, "not|never wake up again?", at_end=True),
    Rule(SUICIDE, "sleep forever"),
    Rule(SUICIDE, "to disappear forever?", at_end=True),
    Rule(SUICIDE, "wish i could|would disappear|vanish"),
    Rule(SUICIDE, "disappear forever"),
    Rule(SUICIDE, "no way out", at_end=True),
    Rule(SUICIDE, "goodbye|bye cruel world"),
    Rule(SUICIDE, "goodbye forever"),
    Rule(SUICIDE, "goodbye note|notes|letter|letters"),
    Rule(SUICIDE, "i am|feel like? a burden", at_end=True),
    Rule(SUICIDE, "burden to|on everyone|everybody|them|all"),
    Rule(SUICIDE, "not be here|around much|for longer|long"),
    Rule(SUICIDE, "jump|jumping|jumped off|from a|the|this|that? @HIGH"),
    Rule(SUICIDE, "throw|throwing|threw myself off|from|under"),
    Rule(SUICIDE, "jump|jumping|step|stepping|walk|walking|lie|lying|throw|throwing myself? in front of"),
    Rule(SUICIDE, "jump|jumping|step|stepping|lie|lying|throw|throwing myself? under a|the? @VEHICLE"),
    Rule(SUICIDE, "slit|slitting|cut|cutting|slash|slashing my wrist|throat"),
    Rule(SUICIDE, "noose"),
    Rule(SUICIDE, "to @TAKE @FILL* @AMOUNT @FILL|@AMOUNT* @DRUGS"),
    Rule(SUICIDE, "about|of @TAKING @FILL* @AMOUNT @FILL|@AMOUNT* @DRUGS"),
    Rule(SUICIDE, "overdose|overdosing|overdoses|overdosed"),
    Rule(SUICIDE, "saving|stockpiling|hoarding|saved|stockpiled|hoarded up? my|the? @DRUGS"),
    Rule(SUICIDE, "@DRUGS saved|stockpiled|hoarded"),
    Rule(SUICIDE, "od on"),
    Rule(SUICIDE, "to od", at_end=True),
    # ------------------------------------------------------------------ self-harm
    Rule(SELF_HARM, "@HARM_SELF myself"),
    Rule(SELF_HARM, "self harm|harming|harmed|harmer|injury|injure|injuring|injured|hurt|hurting"),
    # ------------------------------------------------------------------ immediate danger
    Rule(IMMEDIATE_DANGER, "@TAKEN @FILL* @PAST_AMOUNT @FILL|@AMOUNT* @DRUGS"),
    Rule(IMMEDIATE_DANGER, "@TAKEN all @FILL* @DRUGS at once"),
    Rule(IMMEDIATE_DANGER, "taken|swallowed all @FILL* @DRUGS", at_end=True),
    Rule(IMMEDIATE_DANGER, "have|has|just|already taken|took|had an|a? overdose"),
    Rule(IMMEDIATE_DANGER, "have|has|just|already overdosed"),
    Rule(IMMEDIATE_DANGER, "going|about|ready|want to jump", at_end=True),
    Rule(IMMEDIATE_DANGER, "to jump now|tonight|today|soon", at_end=True),
    Rule(IMMEDIATE_DANGER, "am|standing|stood|sat|sitting on|at the|a bridge|ledge|tracks|cliff|roof"),
    Rule(IMMEDIATE_DANGER, "will not stop bleeding"),
    Rule(IMMEDIATE_DANGER, "bleeding a? lot|badly|heavily|loads"),
    Rule(IMMEDIATE_DANGER, "have|got|holding a|the|my knife|gun|blade|rope|razor", at_end=True),
    Rule(IMMEDIATE_DANGER, "have|got|holding a|the|my knife|gun|blade|rope|razor ready|here|with|now|in|and"),
    Rule(IMMEDIATE_DANGER, "@SUBJ_ANY is|are going to kill|@HARM_BASE me"),
    Rule(IMMEDIATE_DANGER, "@SUBJ_KNOWN is|are going to @HARM_BASE me"),
    Rule(IMMEDIATE_DANGER, "@SUBJ_ANY will|might kill|@HARM_BASE me"),
    Rule(IMMEDIATE_DANGER, "@SUBJ_KNOWN will|might @HARM_BASE me"),
    Rule(IMMEDIATE_DANGER, "@SUBJ wants|want|tried|tries|threatened|threatens|threatening to kill|@HARM_BASE me"),
    Rule(IMMEDIATE_DANGER, "@SUBJ has|have|had? is|are|keeps|keep|kept|been|was|were @HARM_ING me"),
    Rule(IMMEDIATE_DANGER, "@SUBJ @HARM_DONE me"),
    Rule(IMMEDIATE_DANGER, "@SUBJ beat|beats|beating me up"),
    Rule(IMMEDIATE_DANGER, "am not safe"),
    Rule(IMMEDIATE_DANGER, "am unsafe"),
    Rule(IMMEDIATE_DANGER, "not feel safe", at_end=True),
    Rule(IMMEDIATE_DANGER, "not feel safe at|here|now|with|around|in"),
    Rule(IMMEDIATE_DANGER, "feel unsafe"),
    Rule(IMMEDIATE_DANGER, "am in danger"),
    Rule(IMMEDIATE_DANGER, "scared|afraid|frightened|fear for my life"),
    Rule(IMMEDIATE_DANGER, "am being abused|attacked|hurt|followed|threatened|stalked|beaten"),
    # ------------------------------------------------------------------ danger to others
    Rule(DANGER_TO_OTHERS, "@VIOLENT_STRONG @OTHERS"),
    Rule(DANGER_TO_OTHERS, "@VIOLENT_STRONG other people"),
    Rule(DANGER_TO_OTHERS, "to|will|might|could @VIOLENT @PERSON"),
    Rule(DANGER_TO_OTHERS, "to|will|might|could @VIOLENT other people"),
    Rule(DANGER_TO_OTHERS, "to|will|might|could @VIOLENT my @FAMILY"),
    Rule(DANGER_TO_OTHERS, "@VIOLENT_ING @PERSON"),
    Rule(DANGER_TO_OTHERS, "@VIOLENT_ING my @FAMILY"),
)

# Everyday sayings that share words with a rule. A rule's match that overlaps one of these is dropped.
# Each one starts at the shared word, so it cannot hide a crisis phrase elsewhere in the clause.
EXCEPTIONS: tuple[str, ...] = (
    "die|dying|died of|from|with @DIE_IDIOMS",  # "I'd die of embarrassment"
    "die|dying|died laughing|for",  # "I nearly died laughing", "a view to die for"
    "kill|killing|killed myself laughing",
    "kill|killing|killed myself with laughter",
    "career|financial|political|social|economic|commercial|professional suicide",
    "suicide squad|mission|doors|run|runs|sprint|sprints|drill|drills",
    "take|taking|took my own? life back|forward|in|into|on|over|seriously",  # "take my life in a new direction"
    "live|living|exist in !this|fear|pain|misery|agony|constant|such|torment",  # "I don't want to live in London"
    "live|living|exist near|abroad|somewhere|nearby|close|next|there|here|alone|together|off|far|by",
    "live|living on benefits|my|a|less|nothing|universal|handouts|welfare|credit",
    "overdose|overdosing|overdosed|overdoses|od of|on !@AFTER_OVERDOSE",  # "an overdose of paperwork"
    "shoot|shooting|shot myself in the foot",
    "@HARM_SELF myself @ACCIDENT",  # "I cut myself shaving"
    "accidentally @HARM_SELF myself",
    "@HARM_SELF myself by accident",
    "hurt|hurting|injure|injured|injuring myself at work",
    "hurt|hurting|injure|injured|injuring myself at the gym",
    "cut|cutting myself off|out",  # "I've cut myself off from friends"
    "burn|burning|burnt|burned myself out",  # burnout
    "hurt|harm|hurting|harming @PERSON @FEELINGS",  # "I don't want to hurt her feelings"
    "hit|hits me up|with",  # "she hit me up on WhatsApp"
    "have|has|had|got|need|needs|supposed|meant|remember|forget|forgot to @TAKE",  # "I have to take lots of tablets"
)


def _slot_words(slot: str) -> list[str]:
    words: list[str] = []
    for part in slot.split("|"):
        words.extend(SETS[part[1:]] if part.startswith("@") else [part])
    return words


def to_spacy(pattern: str) -> list[dict]:
    """A pattern in the notation above as a spaCy Matcher token pattern."""
    tokens = []
    for slot in pattern.split():
        op = slot[-1] if slot[-1] in "?*" else None
        slot = slot.rstrip("?*")
        negate = slot.startswith("!")
        token: dict = {"LOWER": {"NOT_IN" if negate else "IN": _slot_words(slot.lstrip("!"))}}
        if op:
            token["OP"] = op
        tokens.append(token)
    return tokens


def _vocabulary() -> frozenset[str]:
    words: set[str] = set()
    for pattern in [rule.pattern for rule in RULES] + list(EXCEPTIONS):
        for slot in pattern.split():
            if not slot.startswith("!"):
                words.update(_slot_words(slot.rstrip("?*")))
    return frozenset(words)


# Every word a pattern looks for: the normaliser never "fixes" one of these into something else.
VOCABULARY = _vocabulary()
