"""MASH triage: claim, urgency (RAG), information requests, risk assessment, decision, chronology.

Every step checks who is asking (workflows.triage.access), records itself in the audit log, and
adds history rows that point to what they replace: nothing on a referral is edited in place.
"""
