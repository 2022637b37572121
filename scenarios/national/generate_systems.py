#!/usr/bin/env python3
# Writes systems/*.toml (beside this script) from the example ICS's per-capita
# figures (scenarios/example-ics.toml, whose sources it cites): run it again
# after changing a system below. See README.md.
import os
EX_POP = 1_500_000
G = {  # id: name, headcount, fte_per_head, age(u35,35-54,55+), leaver, leaver55, sickness, pay, funded(5), domestic
 'nurse_adult': ("Registered nurses: adult", 6485, 0.89, (0.30,0.52,0.18), [0.085,0.082,0.079,0.076,0.073], 0.20, [0.047,0.046,0.045,0.044,0.043], 'band_mix = { band_5 = 0.60, band_6 = 0.30, band_7 = 0.10 }', [5820,5895,5985,5835,5600], 370),
 'nurse_mh': ("Registered nurses: mental health", 1133, 0.92, (0.28,0.52,0.20), [0.095,0.092,0.089,0.086,0.083], 0.20, [0.055,0.054,0.053,0.052,0.051], 'band_mix = { band_5 = 0.45, band_6 = 0.40, band_7 = 0.15 }', [1065,1125,1185,1225,1265], 95),
 'nurse_child': ("Registered nurses: children", 637, 0.88, (0.38,0.48,0.14), [0.090,0.088,0.086,0.084,0.082], 0.20, [0.045,0.044,0.043,0.042,0.041], 'band_mix = { band_5 = 0.60, band_6 = 0.30, band_7 = 0.10 }', [565,565,565,565,570], 48),
 'midwife': ("Midwives", 681, 0.83, (0.30,0.50,0.20), [0.08]*5, 0.18, [0.050,0.049,0.048,0.047,0.046], 'band_mix = { band_5 = 0.30, band_6 = 0.55, band_7 = 0.15 }', [570,560,550,535,525], 32),
 'hcsw': ("Healthcare support workers", 4442, 0.85, (0.32,0.46,0.22), [0.13]*5, None, [0.057,0.056,0.055,0.054,0.053], 'band_mix = { band_2 = 0.45, band_3 = 0.55 }', [3850,3905,3955,4015,4070], None),
 'consultant': ("Consultants", 1298, 0.94, (0.05,0.70,0.25), [0.04]*5, 0.09, [0.014]*5, 'pay_system = "other"\ncost_per_fte = 93764', [1500,1510,1520,1530,1540], 75),
 'doctor_other': ("Doctors in training and SAS doctors", 1725, 0.97, (0.70,0.27,0.03), [0.15]*5, None, [0.014]*5, 'pay_system = "other"\ncost_per_fte = 52000', [1690,1705,1720,1730,1745], 300),
 'gp': ("General practitioners", 1233, 0.75, (0.20,0.60,0.20), [0.06]*5, 0.15, [0.02]*5, 'pay_system = "other"\ncost_per_fte = 100000', [935,925,915,900,900], 55),
 'paramedic': ("Paramedics", 544, 0.95, (0.40,0.50,0.10), [0.07]*5, None, [0.0564]*5, 'band_mix = { band_5 = 0.20, band_6 = 0.70, band_7 = 0.10 }', [530,540,555,570,580], 36),
 'pharmacist': ("Pharmacists (hospital and primary care networks)", 267, 0.90, None, [0.08]*5, None, [0.03]*5, 'band_mix = { band_6 = 0.20, band_7 = 0.50, band_8a = 0.30 }', [245,265,280,295,310], 30),
}
ACT = [  # id, name, base, growth, hours, month_profile
 ('outpatient_first', "Outpatient first attendances", 600_000, 0.03, {'consultant':0.805,'doctor_other':0.687,'nurse_adult':0.087,'nurse_child':0.256}),
 ('outpatient_followup_f2f', "Outpatient follow-ups, face to face", 1_200_000, 0.025, {'consultant':0.732,'doctor_other':0.573,'nurse_adult':0.116,'nurse_child':0.192}),
 ('outpatient_followup_virtual', "Outpatient follow-ups, video and telephone", 0, 0.0, {'consultant':0.492,'doctor_other':0.396,'nurse_adult':0.0776,'nurse_child':0.129}),
 ('elective_admissions', "Elective admissions and day cases", 250_000, 0.03, {'consultant':0.732,'doctor_other':0.859,'nurse_adult':0.29,'hcsw':0.229,'pharmacist':0.0429}),
 ('nonelective_admissions', "Non-elective admissions", 150_000, 0.025, {'consultant':0.732,'doctor_other':0.859,'pharmacist':0.0644}),
 ('bed_days', "Inpatient bed days", 1_100_000, 0.01, {'nurse_adult':1.59,'hcsw':1.72,'doctor_other':0.286,'nurse_child':0.321}),
 ('ae_attendances', "A&E attendances", 600_000, 0.03, {'consultant':0.183,'doctor_other':0.859,'nurse_adult':1.02,'hcsw':0.573,'nurse_mh':0.0286,'nurse_child':0.256}),
 ('births', "Births", 16_500, -0.01, {'midwife':51.3,'doctor_other':11.5,'consultant':4.39,'hcsw':28.7}),
 ('community_contacts', "Community health contacts", 2_500_000, 0.04, {'nurse_adult':2.61,'hcsw':1.29}),
 ('mental_health_contacts', "Mental health contacts", 500_000, 0.05, {'nurse_mh':3.15,'doctor_other':0.573,'consultant':0.293,'pharmacist':0.0429}),
 ('gp_appointments', "General practice appointments", 9_000_000, 0.01, {'gp':0.168,'pharmacist':0.0215}),
 ('ambulance_incidents', "Ambulance incidents attended", 200_000, 0.035, {'paramedic':4.12}),
]
PIPE = [  # id, into, intake, month, duration, attrition, joining, pool
 ('adult_nursing_degree','nurse_adult',[420,440,460,480,500],9,36,0.08,0.70,'nq_adult_nurses'),
 ('mh_nursing_degree','nurse_mh',[90,100,110,120,130],9,36,0.10,0.70,'nq_mh_nurses'),
 ('child_nursing_degree','nurse_child',[40]*5,9,36,0.08,0.70,None),
 ('midwifery_degree','midwife',[45]*5,9,36,0.08,0.75,None),
 ('gp_specialty_training','gp',[50,60,70,70,70],8,36,0.05,0.80,None),
 ('paramedic_degree','paramedic',[35,40,45,45,45],9,36,0.08,0.80,None),
]
IR = [('nurse_adult_ir','nurse_adult',[120,200,260,260,260],6,0.85), ('nurse_mh_ir','nurse_mh',[10,20,30,30,30],6,0.8)]

SEEDS = {'metro': 20190701, 'shire': 20190702, 'coastal': 20190703, 'gateway': 20190704, 'heritage': 20190705, 'newtowns': 20190706}

def fmt(v):
    if isinstance(v, list):
        return '[' + ', '.join(fmt(x) for x in v) + ']'
    if isinstance(v, float):
        s = f'{v:.4f}'.rstrip('0')
        return s + '0' if s.endswith('.') else s
    return str(v)

def system(sid, name, pop, header, groups, staff=1.0, funded=1.0, leaver_add=0.0, age=None, ret55=None,
           act_mult=None, growth_add=0.0, ir_mult=1.0, dom_mult=1.0, intake_mult=1.0):
    k = pop / EX_POP
    act_mult = act_mult or {}
    L = [header.strip(), '', '[scenario]', f'name = "{name}: 2019 five-year workforce plan"', 'start = "2019-04"', 'years = 5',
         f'seed = {SEEDS[sid]}', 'include = ["../../../data/planning-assumptions-2019.toml"]', '',
         '[system]', f'id = "{sid}"', f'name = "{name}"', f'population = {pop:_}', '',
         '[defaults]', 'productive_hours_per_fte = 1650', 'tolerance = 0.03',
         'sickness_profile = [0.95, 0.9, 0.9, 0.9, 0.9, 0.95, 1.0, 1.05, 1.15, 1.2, 1.1, 1.0]', '',
         '[[age_band]]\nid = "under_35"\nfrom = 18\nto = 35\n', '[[age_band]]\nid = "age_35_54"\nfrom = 35\nto = 55\n',
         '[[age_band]]\nid = "age_55_plus"\nfrom = 55\n']
    for gid in groups:
        n, hc, fph, ap, lr, l55, sr, pay, fu, dom = G[gid]
        L += ['[[staff_group]]', f'id = "{gid}"', f'name = "{n}"', f'headcount = {round(hc*k*staff)}', f'fte_per_head = {fph}']
        if ap:
            a = age or ap
            if age:  # older/younger workforce: shift 55+ share
                a55 = round(max(0.01, ap[2] + age), 2)
                delta = a55 - ap[2]
                a0 = round(ap[0] - delta * ap[0] / (ap[0] + ap[1]), 2)
                a = (a0, round(1 - a0 - a55, 2), a55)
            L.append(f'age_profile = {{ under_35 = {a[0]:.2f}, age_35_54 = {a[1]:.2f}, age_55_plus = {a[2]:.2f} }}')
        L.append(f'leaver_rate = {fmt([round(x + leaver_add, 4) for x in lr])}')
        r55 = ret55 if (ret55 and l55) else l55
        if r55 and ap: L.append(f'leaver_rate_by_age = {{ age_55_plus = {r55} }}')
        L.append(f'sickness_rate = {fmt(sr)}')
        L.append(pay)
        if gid == 'consultant':
            L.append(f'funded_fte = {fmt([round(x*k*funded) for x in [1215,1220,1225,1235,1240]])}')
        else:
            L.append(f'funded_fte = {fmt([round(x*k*funded) for x in fu])}')
        L.append('')
    for gid in groups:
        dom = G[gid][9]
        if gid == 'hcsw':
            L += ['[[joiners]]', 'id = "hcsw_recruitment"', 'group = "hcsw"', 'rate = 0.17', '']
        elif dom:
            L += ['[[joiners]]', f'id = "{gid}_domestic"', f'group = "{gid}"', f'per_year = {round(dom*k*dom_mult)}', '']
    for iid, g, pv, lag, sr in IR:
        if g not in groups: continue
        L += ['[[international]]', f'id = "{iid}"', f'group = "{g}"', f'per_year = {fmt([round(x*k*ir_mult) for x in pv])}',
              f'lag_months = {lag}', f'success_rate = {sr}', 'pool = "international_nurses"', '']
    for pid, into, intake, mo, d, att, jr, pool in PIPE:
        if into not in groups: continue
        L += ['[[pipeline]]', f'id = "{pid}"', f'into = "{into}"', f'intake_per_year = {fmt([round(x*k*intake_mult) for x in intake])}',
              f'intake_month = {mo}', f'duration_months = {d}', f'attrition_rate = {att}', f'joining_rate = {jr}']
        if pool: L.append(f'pool = "{pool}"')
        L.append('')
    for aid, an, base, gr, hours in ACT:
        h = {g: v for g, v in hours.items() if g in groups}
        if not h: continue
        L += ['[[activity]]', f'id = "{aid}"', f'name = "{an}"', f'base = {round(base*k*act_mult.get(aid,1.0)):_}',
              f'growth = {round(gr + growth_add, 4)}',
              'hours_per_unit = { ' + ', '.join(f'{g} = {v}' for g, v in h.items()) + ' }', '']
    L += ['[[activity_shift]]', 'id = "virtual_outpatients"', 'from = "outpatient_followup_f2f"', 'to = "outpatient_followup_virtual"',
          'share = [0.0, 0.08, 0.16, 0.25, 0.33]', '']
    L += ['[[establishment]]', 'id = "mh_crisis_team"', 'group = "nurse_mh"', f'fte = {fmt([round(x*k) for x in [40,60,80,80,80]])}', '']
    L += ['[[establishment]]', 'id = "labour_ward_rota"', 'group = "midwife"', f'fte = {round(30*k)}', '']
    L += ['[productivity]', 'gain = 0.011', '',
          '[temporary_staffing]', 'max_cover = 0.10', 'bank_share = 0.65', 'bank_premium = 0.0', 'agency_premium = 0.55', '']
    open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'systems', f'{sid}.toml'), 'w').write('\n'.join(L))

ALL = ['nurse_adult','nurse_mh','nurse_child','midwife','hcsw','consultant','doctor_other','gp','paramedic']
system('metro', 'Metropolitan ICS', 2_400_000, '''
# Metropolitan ICS: a large urban system of 2.4 million people. Against the
# example ICS (scenarios/example-ics.toml), per head of population: a younger
# workforce, leaver rates 1.5 points higher (London-style turnover), 15 % more
# A&E attendances and a hospital pharmacy group the other systems do not
# model. Generated from the example's per-capita figures; see ../README.md.''',
       ALL + ['pharmacist'], leaver_add=0.015, age=-0.06, act_mult={'ae_attendances': 1.15})
system('shire', 'Rural Shire ICS', 600_000, '''
# Rural Shire ICS: 600,000 people over a large area. Children's nursing is
# bought from the neighbouring system, so there is no nurse_child group (a
# national run fills it with zeros). Per head: an older, more stable
# workforce (leaver rates 1 point lower), 25 % more community contacts and
# 30 % more ambulance incidents (long journeys).''',
       [g for g in ALL if g != 'nurse_child'], leaver_add=-0.01, age=0.06,
       act_mult={'community_contacts': 1.25, 'ambulance_incidents': 1.3})
system('coastal', 'Coastal ICS', 900_000, '''
# Coastal ICS: 900,000 people and the high-vacancy system. Staff in post are
# 88 % of the example's per head while posts are funded at the example's
# level, so about one funded post in eight is vacant, and leaver rates are
# 2 points higher. Recruitment of newly qualified nurses is its main plan.''',
       ALL, staff=0.88, leaver_add=0.02, intake_mult=1.2)
system('gateway', 'Gateway ICS', 1_200_000, '''
# Gateway ICS: 1.2 million people, relying on international recruitment:
# three times the example's international nurse recruits per head, half its
# domestic joiners, and smaller degree intakes (0.8x).''',
       ALL, ir_mult=3.0, dom_mult=0.5, intake_mult=0.8)
system('heritage', 'Heritage ICS', 1_000_000, '''
# Heritage ICS: 1 million people and an older workforce: 12 points more of
# every group aged 55 and over, and a retirement-age leaver rate of 25 %
# (20 % in the example). Its newly qualified intake grows to replace them.''',
       ALL, age=0.12, ret55=0.25, intake_mult=1.1)
system('newtowns', 'New Towns ICS', 1_100_000, '''
# New Towns ICS: 1.1 million people in a fast-growing area: every activity
# line grows 1.5 points a year faster than in the example, and degree
# intakes are 1.3x the example's per head.''',
       ALL, growth_add=0.015, intake_mult=1.3)
