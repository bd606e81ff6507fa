"""The naive RAG baseline the issue asks us to beat, built the way tutorials build it:
pdfplumber page text → LangChain RecursiveCharacterTextSplitter (1,000 characters) → the same
embedder → Chroma top-4; the answer is the retrieved chunks themselves, cited by page."""
from __future__ import annotations

import time
from pathlib import Path

import chromadb
import pdfplumber
from langchain_chroma import Chroma
from langchain_text_splitters import RecursiveCharacterTextSplitter

from vectorstore.embeddings import LangChainEmbeddings, chroma_embedding_function


class NaiveRag:
    def __init__(self, embedder) -> None:
        self.embedder = embedder
        client = chromadb.EphemeralClient(settings=chromadb.Settings(anonymized_telemetry=False))
        name = f"naive{int(time.time() * 1000)}"
        # created with an explicit embedding function: Chroma must never pick its default model
        client.create_collection(name, embedding_function=chroma_embedding_function(embedder),
                                 metadata={"hnsw:space": "cosine"})
        self.db = Chroma(client=client, collection_name=name,
                         embedding_function=LangChainEmbeddings(embedder),
                         create_collection_if_not_exists=False)

    def ingest_pdfs(self, folder: Path) -> tuple[int, float]:
        return self.ingest_files(sorted(Path(folder).glob("*.pdf")))

    def ingest_files(self, files: list[Path]) -> tuple[int, float]:
        """PDF pages, or a text file whole, split into 1,000-character chunks."""
        t0 = time.perf_counter()
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=100)
        docs = []
        for f in files:
            f = Path(f)
            if f.suffix.lower() == ".pdf":
                with pdfplumber.open(f) as doc:
                    for i, page in enumerate(doc.pages, 1):
                        text = page.extract_text() or ""
                        docs += splitter.create_documents([text], metadatas=[{"source": f.name, "page": i}])
            else:
                text = f.read_text(encoding="utf-8", errors="replace")
                docs += splitter.create_documents([text], metadatas=[{"source": f.name, "page": 0}])
        if docs:
            self.db.add_documents(docs)
        return len(docs), time.perf_counter() - t0

    def ask(self, question: str) -> dict:
        hits = self.db.similarity_search(question, k=4)
        return {"question": question, "answer": "\n\n".join(d.page_content for d in hits), "grounded": bool(hits),
                "citations": [{"source": d.metadata["source"], "page": d.metadata["page"], "lines": None,
                               "section": "", "quote": d.page_content[:200]} for d in hits], "records": []}
