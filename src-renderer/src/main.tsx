document.getElementById("root")!.textContent = "Storeroom";
