"""Every factory builds a valid row on its own (its relations included), so a test can ask for
any model without knowing what it needs."""

import pytest

from tests.factories import certificates, core, dossiers, judging, results

FACTORIES = [
    core.UnitFactory,
    core.UnitTypeFactory,
    core.UnitLevelFactory,
    core.UserFactory,
    core.ContestFactory,
    core.FieldFactory,
    core.RoundFactory,
    core.RoundGroupFactory,
    dossiers.EntryFactory,
    dossiers.TeamMemberFactory,
    dossiers.AttachmentFactory,
    dossiers.EntryEventFactory,
    dossiers.ExtensionFactory,
    dossiers.EntryIndicatorFactory,
    judging.RubricFactory,
    judging.CriterionFactory,
    judging.JudgeFactory,
    judging.JuryMembershipFactory,
    judging.RoundEntryFactory,
    judging.AssignmentFactory,
    judging.ConflictFactory,
    judging.ScoreSheetFactory,
    judging.ScoreFactory,
    results.ResultsPolicyFactory,
    results.PrizeTierFactory,
    results.TieDecisionFactory,
    results.ResultSnapshotFactory,
    results.ResultRowFactory,
    certificates.CertificateTemplateFactory,
    certificates.CertificateBatchFactory,
]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_each_factory_builds_a_valid_row(db, factory):
    instance = factory()
    instance.refresh_from_db()  # saved, with every constraint of the table met
    assert type(instance).objects.filter(pk=instance.pk).exists()


def test_rows_of_one_scene_share_their_contest(db):
    score = judging.ScoreFactory()
    assert score.criterion.rubric.round == score.sheet.round
    assert score.sheet.entry.contest == score.sheet.round.contest


def test_the_shared_round_has_the_shortened_model_rubric(db):
    round_ = judging.make_round(core.ContestFactory())
    assert set(judging.criteria(round_)) == {"sang_tao", "hieu_qua", "ho_so", "tham_khao"}
