"""Digital signature verification of PDFs (pyHanko), Decree 30/2020 aware."""

from verifiers.signatures.algorithms import AlgorithmPolicy, algorithm_policy
from verifiers.signatures.trust import TrustStore, load_trust_store
from verifiers.signatures.validate import (
    SIGNATURES_VERSION,
    DocumentSignatures,
    SignaturePolicy,
    verify_pdf_signatures,
)

__all__ = ["SIGNATURES_VERSION", "AlgorithmPolicy", "DocumentSignatures", "SignaturePolicy",
           "TrustStore", "algorithm_policy", "load_trust_store", "verify_pdf_signatures"]
